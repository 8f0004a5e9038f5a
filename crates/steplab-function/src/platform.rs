//! The platform's system log lines of a JSON-format function: the Telemetry API's
//! `platform.start` and `platform.report` events, one JSON object a line,
//! `{"time": …, "type": …, "record": {…}}` (Lambda Telemetry API Event schema reference).
//!
//! Both runtimes (`steplab-lambda`, `steplab-node`) write these in place of their text
//! `START`/`END`/`REPORT` lines when [`LoggingConfig::log_format`] is JSON, filtered by the
//! system log level: `platform.start` and `platform.report` are INFO events (written at DEBUG and
//! INFO, not at WARN).
//!
//! Not confirmed from AWS's sources we have, so not written: a JSON counterpart of the text `END`
//! line, `platform.initStart`/`platform.runtimeDone` in the function's log group (their records
//! need the runtime version ARN, which StepLab does not have), and whether the text line
//! `Task timed out after …` changes in JSON format (it is kept as text).

use serde_json::{Map, Value, json};

use crate::logging::{LogFormat, LoggingConfig};

/// The figures of a `platform.report` event.
#[derive(Clone, Debug, PartialEq)]
pub struct PlatformReport<'a> {
    /// The invocation's request id.
    pub request_id: &'a str,
    /// `durationMs`.
    pub duration_ms: f64,
    /// `billedDurationMs`.
    pub billed_duration_ms: u64,
    /// `memorySizeMB`.
    pub memory_size_mb: u32,
    /// `maxMemoryUsedMB`.
    pub max_memory_used_mb: u32,
    /// `initDurationMs`, on cold starts.
    pub init_duration_ms: Option<f64>,
    /// The text REPORT line's `Status:` and `Error Type:` (none: `success`).
    pub status: Option<(&'a str, Option<&'a str>)>,
}

/// Whether the function's system lines are JSON events.
pub fn is_json(logging: &LoggingConfig) -> bool {
    logging.log_format == LogFormat::Json
}

/// `{"time":"…","type":"platform.start","record":{"requestId":"…","version":"$LATEST"}}\n`, or
/// nothing when the system log level is WARN.
pub fn start_event(logging: &LoggingConfig, time: &str, request_id: &str) -> String {
    let record = json!({"requestId": request_id, "version": "$LATEST"});
    event(logging, "INFO", time, "platform.start", record)
}

/// `{"time":"…","type":"platform.report","record":{"requestId":"…","metrics":{"durationMs":…,
/// "billedDurationMs":…,"memorySizeMB":…,"maxMemoryUsedMB":…[,"initDurationMs":…]},
/// "status":"success"|"error"|"timeout"[,"errorType":"…"]}}\n`, or nothing at WARN.
///
/// Durations keep two decimals, as in the text REPORT line (AWS's own rounding in the JSON event
/// is not recorded in our sources).
pub fn report_event(logging: &LoggingConfig, time: &str, report: &PlatformReport<'_>) -> String {
    let mut metrics = Map::new();
    metrics.insert("durationMs".into(), two_decimals(report.duration_ms));
    metrics.insert("billedDurationMs".into(), report.billed_duration_ms.into());
    metrics.insert("memorySizeMB".into(), report.memory_size_mb.into());
    metrics.insert("maxMemoryUsedMB".into(), report.max_memory_used_mb.into());
    if let Some(init) = report.init_duration_ms {
        metrics.insert("initDurationMs".into(), two_decimals(init));
    }
    let mut record = Map::new();
    record.insert("requestId".into(), report.request_id.into());
    record.insert("metrics".into(), Value::Object(metrics));
    let (status, error_type) = report.status.unwrap_or(("success", None));
    record.insert("status".into(), status.into());
    if let Some(error_type) = error_type {
        record.insert("errorType".into(), error_type.into());
    }
    event(logging, "INFO", time, "platform.report", Value::Object(record))
}

fn event(logging: &LoggingConfig, level: &str, time: &str, kind: &str, record: Value) -> String {
    if !logging.writes_system_event(level) {
        return String::new();
    }
    let mut line = json!({"time": time, "type": kind, "record": record}).to_string();
    line.push('\n');
    line
}

fn two_decimals(ms: f64) -> Value {
    serde_json::Number::from_f64((ms * 100.0).round() / 100.0).map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use super::{PlatformReport, report_event, start_event};
    use crate::logging::LoggingConfig;

    const TIME: &str = "2024-05-01T12:00:00.123Z";

    #[test]
    fn start_and_report_events_in_field_order() {
        let json = LoggingConfig::json(None, None);
        assert_eq!(
            start_event(&json, TIME, "r-1"),
            "{\"time\":\"2024-05-01T12:00:00.123Z\",\"type\":\"platform.start\",\"record\":{\"requestId\":\"r-1\",\"version\":\"$LATEST\"}}\n"
        );
        let report = PlatformReport {
            request_id: "r-1",
            duration_ms: 2.4149,
            billed_duration_ms: 125,
            memory_size_mb: 128,
            max_memory_used_mb: 32,
            init_duration_ms: Some(121.456),
            status: None,
        };
        assert_eq!(
            report_event(&json, TIME, &report),
            "{\"time\":\"2024-05-01T12:00:00.123Z\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"r-1\",\"metrics\":{\"durationMs\":2.41,\"billedDurationMs\":125,\"memorySizeMB\":128,\"maxMemoryUsedMB\":32,\"initDurationMs\":121.46},\"status\":\"success\"}}\n"
        );
        let failed = PlatformReport {
            init_duration_ms: None,
            status: Some(("error", Some("Runtime.ExitError"))),
            ..report
        };
        assert!(
            report_event(&json, TIME, &failed)
                .ends_with("\"status\":\"error\",\"errorType\":\"Runtime.ExitError\"}}\n")
        );
    }

    #[test]
    fn the_warn_system_level_drops_start_and_report() {
        let warn = LoggingConfig::json(None, Some("WARN"));
        assert_eq!(start_event(&warn, TIME, "r-1"), "");
        let debug = LoggingConfig::json(None, Some("DEBUG"));
        assert!(start_event(&debug, TIME, "r-1").contains("platform.start"));
    }
}
