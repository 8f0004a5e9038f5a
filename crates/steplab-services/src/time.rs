//! Timestamps as AWS writes them, from the milliseconds the host passes in [`crate::Context`].

/// The UTC calendar fields of `millis` since the epoch: (year, month, day, hour, minute, second,
/// millisecond).
fn fields(millis: i64) -> (i64, u32, u32, u32, u32, u32, u32) {
    let days = millis.div_euclid(86_400_000);
    let in_day = millis.rem_euclid(86_400_000);
    // Howard Hinnant's civil_from_days
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    let secs = in_day / 1000;
    (
        year,
        month,
        day,
        (secs / 3600) as u32,
        ((secs / 60) % 60) as u32,
        (secs % 60) as u32,
        (in_day % 1000) as u32,
    )
}

/// ISO-8601 with milliseconds, `2023-11-14T22:13:20.000Z` (SNS's `Timestamp`).
pub(crate) fn iso8601_millis(millis: i64) -> String {
    let (y, mo, d, h, mi, s, ms) = fields(millis);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}Z")
}

/// ISO-8601 to the second, `2023-11-14T22:13:20Z` (EventBridge's `time`).
pub(crate) fn iso8601_seconds(millis: i64) -> String {
    let (y, mo, d, h, mi, s, _) = fields(millis);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(iso8601_millis(1_700_000_000_000), "2023-11-14T22:13:20.000Z");
        assert_eq!(iso8601_millis(1_700_000_000_123), "2023-11-14T22:13:20.123Z");
        assert_eq!(iso8601_seconds(1_700_000_000_999), "2023-11-14T22:13:20Z");
        assert_eq!(iso8601_seconds(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601_seconds(951_782_400_000), "2000-02-29T00:00:00Z");
    }
}
