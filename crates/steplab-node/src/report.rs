//! The platform's log lines around an invocation (`START`, `END`, `REPORT`, the timeout line), in
//! the form `steplab-lambda` writes them for Python; for a JSON-format function, the JSON system
//! events of `steplab_function::platform` in their place when the time is known.

use steplab_function::{LoggingConfig, platform};

/// What the REPORT line needs.
pub(crate) struct Report<'a> {
    pub(crate) request_id: &'a str,
    pub(crate) duration_ms: f64,
    pub(crate) billed_duration_ms: u64,
    pub(crate) memory_size_mb: u32,
    pub(crate) max_memory_used_mb: u32,
    /// Shown on successful cold starts.
    pub(crate) init_duration_ms: Option<f64>,
    /// `error` / `timeout` with the error type, appended as `Status:` and `Error Type:` fields.
    pub(crate) status: Option<(&'a str, Option<&'a str>)>,
}

/// `START`, or `platform.start` at `time_ms` in JSON format.
pub(crate) fn start(logging: &LoggingConfig, time_ms: Option<i64>, request_id: &str) -> String {
    match time_ms {
        Some(ms) if platform::is_json(logging) => {
            platform::start_event(logging, &iso_timestamp(ms), request_id)
        }
        _ => start_line(request_id),
    }
}

/// `END`; nothing in JSON format (no JSON counterpart is confirmed, see `platform`).
pub(crate) fn end(logging: &LoggingConfig, time_ms: Option<i64>, request_id: &str) -> String {
    if time_ms.is_some() && platform::is_json(logging) {
        String::new()
    } else {
        end_line(request_id)
    }
}

/// `REPORT`, or `platform.report` at `time_ms` in JSON format.
pub(crate) fn report(logging: &LoggingConfig, time_ms: Option<i64>, report: &Report<'_>) -> String {
    match time_ms {
        Some(ms) if platform::is_json(logging) => platform::report_event(
            logging,
            &iso_timestamp(ms),
            &platform::PlatformReport {
                request_id: report.request_id,
                duration_ms: report.duration_ms,
                billed_duration_ms: report.billed_duration_ms,
                memory_size_mb: report.memory_size_mb,
                max_memory_used_mb: report.max_memory_used_mb,
                init_duration_ms: report.init_duration_ms,
                status: report.status,
            },
        ),
        _ => report_line(report),
    }
}

fn start_line(request_id: &str) -> String {
    format!("START RequestId: {request_id} Version: $LATEST\n")
}

fn end_line(request_id: &str) -> String {
    format!("END RequestId: {request_id}\n")
}

fn report_line(report: &Report<'_>) -> String {
    let mut line = format!(
        "REPORT RequestId: {}\tDuration: {:.2} ms\tBilled Duration: {} ms\tMemory Size: {} MB\tMax Memory Used: {} MB",
        report.request_id,
        report.duration_ms,
        report.billed_duration_ms,
        report.memory_size_mb,
        report.max_memory_used_mb
    );
    if let Some(init) = report.init_duration_ms {
        line.push_str(&format!("\tInit Duration: {init:.2} ms"));
    }
    if let Some((status, error_type)) = report.status {
        line.push_str(&format!("\tStatus: {status}"));
        if let Some(error_type) = error_type {
            line.push_str(&format!("\tError Type: {error_type}"));
        }
    }
    line.push('\n');
    line
}

/// `2024-05-01T12:00:00.123Z` for a time in milliseconds since the epoch.
pub(crate) fn iso_timestamp(epoch_ms: i64) -> String {
    let days = epoch_ms.div_euclid(86_400_000);
    let ms_of_day = epoch_ms.rem_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        ms_of_day / 3_600_000,
        ms_of_day / 60_000 % 60,
        ms_of_day / 1000 % 60,
        ms_of_day % 1000
    )
}

/// The proleptic Gregorian date of a day number (days since 1970-01-01).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `<ISO-8601 ts> <id> Task timed out after 3.00 seconds`.
pub(crate) fn timeout_line(epoch_ms: i64, request_id: &str, timeout_seconds: u32) -> String {
    format!(
        "{} {request_id} Task timed out after {timeout_seconds}.00 seconds\n",
        iso_timestamp(epoch_ms)
    )
}

/// Billed duration: every started millisecond, INIT included on cold starts (since 2025-08-01).
pub(crate) fn billed_ms(duration_ms: f64, init_duration_ms: Option<f64>) -> u64 {
    let total = duration_ms + init_duration_ms.unwrap_or(0.0);
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a positive duration in ms"
    )]
    let billed = total.max(1.0).ceil() as u64;
    billed
}

/// `Max Memory Used`: an estimate (the engine running the function is not the runtime's process on
/// AWS), the figure a small Node.js function reports there, plus the response size.
pub(crate) fn max_memory_used_mb(memory_size_mb: u32, payload_len: usize) -> u32 {
    let payload_mb = u32::try_from(payload_len / (1024 * 1024)).unwrap_or(u32::MAX);
    67u32.saturating_add(payload_mb).min(memory_size_mb)
}

#[cfg(test)]
mod tests {
    #[test]
    fn timestamps_are_iso_8601_in_utc() {
        assert_eq!(super::iso_timestamp(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(super::iso_timestamp(1_714_564_800_123), "2024-05-01T12:00:00.123Z");
        assert_eq!(super::iso_timestamp(951_782_400_000), "2000-02-29T00:00:00.000Z");
    }
}
