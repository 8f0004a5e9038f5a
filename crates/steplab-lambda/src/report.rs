//! The platform's log lines around an invocation: `START`, `END`, `REPORT`, timeouts.

use chrono::{DateTime, SecondsFormat};

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

pub(crate) fn start_line(request_id: &str) -> String {
    format!("START RequestId: {request_id} Version: $LATEST\n")
}

pub(crate) fn end_line(request_id: &str) -> String {
    format!("END RequestId: {request_id}\n")
}

pub(crate) fn report_line(report: &Report<'_>) -> String {
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

/// `2024-05-01T12:00:00.123Z`.
pub(crate) fn iso_timestamp(epoch_ns: i64) -> String {
    DateTime::from_timestamp_nanos(epoch_ns).to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// `<ISO-8601 ts> <id> Task timed out after 3.00 seconds`.
pub(crate) fn timeout_line(epoch_ns: i64, request_id: &str, timeout_seconds: u32) -> String {
    format!(
        "{} {request_id} Task timed out after {timeout_seconds}.00 seconds\n",
        iso_timestamp(epoch_ns)
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

/// `Max Memory Used`. RustPython cannot measure a CPython process; this is the figure a small
/// python3.11 function reports on AWS (about 32 MB), plus the response size.
pub(crate) fn max_memory_used_mb(memory_size_mb: u32, payload_len: usize) -> u32 {
    let payload_mb = u32::try_from(payload_len / (1024 * 1024)).unwrap_or(u32::MAX);
    32u32.saturating_add(payload_mb).min(memory_size_mb)
}
