//! Time formatting without a clock: every instant is milliseconds since the Unix epoch handed in
//! by the driver.

use chrono::{DateTime, SecondsFormat};

/// ISO 8601 with milliseconds and `Z`, as in `$$.Execution.StartTime`: `2024-01-02T03:04:05.678Z`.
pub fn iso_millis(millis: i64) -> String {
    DateTime::from_timestamp_millis(millis).map_or_else(
        || "1970-01-01T00:00:00.000Z".into(),
        |d| d.to_rfc3339_opts(SecondsFormat::Millis, true),
    )
}

/// RFC 1123, as in HTTP `Date` headers: `Tue, 25 Nov 2025 12:00:00 GMT`.
pub fn rfc1123(millis: i64) -> String {
    DateTime::from_timestamp_millis(millis).map_or_else(
        || "Thu, 01 Jan 1970 00:00:00 GMT".into(),
        |d| d.format("%a, %d %b %Y %H:%M:%S GMT").to_string(),
    )
}

/// Parses an RFC 3339 timestamp (what `Timestamp` and `Timestamp*` comparisons accept) to millis.
pub fn parse_timestamp(s: &str) -> Option<i64> {
    // AWS docs (state-wait.html): RFC 3339 "with the further restrictions that an uppercase T must
    // separate the date and time portions, and an uppercase Z must denote that a numeric time zone
    // offset is not present"; fractional seconds of any length are optional and an offset or Z is
    // required (LocalStack base/test_wait snapshot recorded against AWS: "Z", ".00Z", ".000000Z",
    // ".0000000Z" accepted; no offset refused). A numeric offset such as +01:00 is accepted
    // (verify: RFC 3339 allows it, no recording)
    if s.as_bytes().get(10) != Some(&b'T') || s.bytes().any(|b| b.is_ascii_lowercase()) {
        return None;
    }
    DateTime::parse_from_rfc3339(s).ok().map(|d| d.timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(iso_millis(1_700_000_000_123), "2023-11-14T22:13:20.123Z");
        assert_eq!(rfc1123(1_700_000_000_123), "Tue, 14 Nov 2023 22:13:20 GMT");
        assert_eq!(parse_timestamp("2023-11-14T22:13:20.123Z"), Some(1_700_000_000_123));
        assert_eq!(parse_timestamp("2023-11-14"), None);
        assert_eq!(parse_timestamp("2023-11-14T22:13:20Z"), Some(1_700_000_000_000));
        assert_eq!(parse_timestamp("2023-11-14T22:13:20.123456789Z"), Some(1_700_000_000_123));
        assert_eq!(parse_timestamp("2023-11-14t22:13:20Z"), None);
        assert_eq!(parse_timestamp("2023-11-14T22:13:20z"), None);
        assert_eq!(parse_timestamp("2023-11-14 22:13:20Z"), None);
        assert_eq!(parse_timestamp("2023-11-14T22:13:20"), None);
    }
}
