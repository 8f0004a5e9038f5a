//! The function's logging configuration in the Python runtime: the platform's lines around an
//! invocation as text (`START`, `END`, `REPORT` of `report.rs`) or, for a JSON-format function,
//! the JSON system events of `steplab_function::platform` at the system log level; and the
//! variables `AWS_LAMBDA_LOG_FORMAT` / `AWS_LAMBDA_LOG_LEVEL` the runtime reads (the Python half,
//! `python/_steplab_logging.py`, writes the JSON application lines).

use steplab_function::{LoggingConfig, platform};

use crate::report::{self, Report};

/// `START`, or `platform.start` at `time_ns` in JSON format.
pub(crate) fn start(logging: &LoggingConfig, time_ns: Option<i64>, request_id: &str) -> String {
    match time_ns {
        Some(ns) if platform::is_json(logging) => {
            platform::start_event(logging, &report::iso_timestamp(ns), request_id)
        }
        _ => report::start_line(request_id),
    }
}

/// `END`; nothing in JSON format (no JSON counterpart is confirmed, see `platform`).
pub(crate) fn end(logging: &LoggingConfig, time_ns: Option<i64>, request_id: &str) -> String {
    if time_ns.is_some() && platform::is_json(logging) {
        String::new()
    } else {
        report::end_line(request_id)
    }
}

/// `REPORT`, or `platform.report` at `time_ns` in JSON format.
pub(crate) fn report(logging: &LoggingConfig, time_ns: Option<i64>, line: &Report<'_>) -> String {
    match time_ns {
        Some(ns) if platform::is_json(logging) => platform::report_event(
            logging,
            &report::iso_timestamp(ns),
            &platform::PlatformReport {
                request_id: line.request_id,
                duration_ms: line.duration_ms,
                billed_duration_ms: line.billed_duration_ms,
                memory_size_mb: line.memory_size_mb,
                max_memory_used_mb: line.max_memory_used_mb,
                init_duration_ms: line.init_duration_ms,
                status: line.status,
            },
        ),
        _ => report::report_line(line),
    }
}
