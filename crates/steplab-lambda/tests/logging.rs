//! The function's logging configuration in the Python runtime: the JSON log format of
//! awslambdaric (`JsonFormatter` on the root logger, the runtime's error line), the application log
//! level from `AWS_LAMBDA_LOG_LEVEL`, `print` (plain text in either format: it does not go through
//! `logging`), and the platform's JSON events at the system log level. `UPDATE_EXPECT=1` refreshes.
#![cfg(not(target_arch = "wasm32"))]

use expect_test::{Expect, expect};
use steplab_function::LoggingConfig;
use steplab_lambda::{ExecutionEnvironment, FunctionConfig};

const REQUEST_ID: &str = "21379561-8041-48e3-84a6-f6865b9c2723";

/// The log with the timestamps (`2024-05-01T12:00:00.123Z`, and the runtime error line's
/// `2024-05-01T12:00:00`) and the durations masked.
fn masked(log: &str) -> String {
    let mut out = String::new();
    let mut rest = log;
    while let Some(at) = rest.find("\"20") {
        out.push_str(&rest[..=at]);
        let after = &rest[at + 1..];
        let end = after.find('"').unwrap_or(after.len());
        let value = &after[..end];
        let looks_like_time = value.len() >= 19 && value.as_bytes()[10] == b'T';
        out.push_str(if looks_like_time { "<ts>" } else { value });
        rest = &after[end..];
    }
    out.push_str(rest);
    let mut masked = String::new();
    for part in out.split_inclusive([',', '{']) {
        let number = |key: &str| part.strip_prefix(key).map(|_| key);
        match ["\"durationMs\":", "\"billedDurationMs\":", "\"initDurationMs\":"]
            .into_iter()
            .find_map(number)
        {
            Some(key) => {
                let tail = part.trim_start_matches(key).trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
                masked.push_str(&format!("{key}<n>{tail}"));
            }
            None => masked.push_str(part),
        }
    }
    masked
}

fn check(logging: LoggingConfig, code: &str, expect: Expect) {
    let mut config = FunctionConfig::new("Logs", code);
    config.logging = logging;
    let result = ExecutionEnvironment::new(config).invoke("{}", REQUEST_ID);
    let flag = result.function_error.as_deref().unwrap_or("-");
    expect.assert_eq(&format!("{flag}\n---\n{}", masked(&result.log)));
}

#[test]
fn json_format_at_the_default_levels() {
    check(
        LoggingConfig::json(None, None),
        "import logging, os\nlogger = logging.getLogger()\nprint('init print')\n\ndef lambda_handler(event, context):\n    print('hello', 42)\n    logger.debug('dropped at INFO')\n    logger.info('order %s: café', 7)\n    logging.getLogger('orders').warning('late', extra={'orderId': 7})\n    logger.critical('critical')\n    print(os.environ['AWS_LAMBDA_LOG_FORMAT'], os.environ['AWS_LAMBDA_LOG_LEVEL'])\n    return None\n",
        expect![[r#"
            -
            ---
            init print
            {"time":"<ts>","type":"platform.start","record":{"requestId":"21379561-8041-48e3-84a6-f6865b9c2723","version":"$LATEST"}}
            hello 42
            {"timestamp": "<ts>", "level": "INFO", "message": "order 7: café", "logger": "root", "requestId": "21379561-8041-48e3-84a6-f6865b9c2723"}
            {"timestamp": "<ts>", "level": "WARNING", "message": "late", "logger": "orders", "requestId": "21379561-8041-48e3-84a6-f6865b9c2723", "orderId": 7}
            {"timestamp": "<ts>", "level": "CRITICAL", "message": "critical", "logger": "root", "requestId": "21379561-8041-48e3-84a6-f6865b9c2723"}
            JSON INFO
            {"time":"<ts>","type":"platform.report","record":{"requestId":"21379561-8041-48e3-84a6-f6865b9c2723","metrics":{"durationMs":<n>,"billedDurationMs":<n>,"memorySizeMB":128,"maxMemoryUsedMB":32,"initDurationMs":<n>},"status":"success"}}
        "#]],
    );
}

#[test]
fn json_format_with_an_exception_and_the_runtime_error_line() {
    check(
        LoggingConfig::json(Some("TRACE"), Some("DEBUG")),
        "import logging\nlogger = logging.getLogger()\n\ndef lambda_handler(event, context):\n    logger.debug('debug at TRACE')\n    try:\n        1 / 0\n    except ZeroDivisionError:\n        logger.exception('failed')\n    raise ValueError('bad input')\n",
        expect![[r#"
        "#]],
    );
}

#[test]
fn levels_filter_application_and_system_lines() {
    check(
        LoggingConfig::json(Some("ERROR"), Some("WARN")),
        "import logging\nlogger = logging.getLogger()\n\ndef lambda_handler(event, context):\n    logger.warning('dropped at ERROR')\n    logger.error('kept')\n    print('print is not filtered by the runtime')\n    return 1\n",
        expect![[r#"
        "#]],
    );
}

#[test]
fn text_format_is_unchanged_and_sets_no_variables() {
    check(
        LoggingConfig::default(),
        "import logging, os\n\ndef lambda_handler(event, context):\n    logging.getLogger().warning('text')\n    print(os.environ.get('AWS_LAMBDA_LOG_FORMAT'), os.environ.get('AWS_LAMBDA_LOG_LEVEL'))\n",
        expect![[r#"
        "#]],
    );
}
