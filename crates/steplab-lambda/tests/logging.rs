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
    for key in ["\"durationMs\":", "\"billedDurationMs\":", "\"initDurationMs\":"] {
        let mut masked = String::new();
        let mut rest = out.as_str();
        while let Some(at) = rest.find(key) {
            masked.push_str(&rest[..at + key.len()]);
            masked.push_str("<n>");
            rest =
                rest[at + key.len()..].trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
        }
        masked.push_str(rest);
        out = masked;
    }
    out
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
            Unhandled
            ---
            {"time":"<ts>","type":"platform.start","record":{"requestId":"21379561-8041-48e3-84a6-f6865b9c2723","version":"$LATEST"}}
            {"timestamp": "<ts>", "level": "DEBUG", "message": "debug at TRACE", "logger": "root", "requestId": "21379561-8041-48e3-84a6-f6865b9c2723"}
            {"timestamp": "<ts>", "level": "ERROR", "message": "failed", "logger": "root", "stackTrace": ["  File \"/var/task/lambda_function.py\", line 7, in lambda_handler\n    1 / 0\n    ~~^~~\n"], "errorType": "ZeroDivisionError", "errorMessage": "division by zero", "requestId": "21379561-8041-48e3-84a6-f6865b9c2723", "location": "/var/task/lambda_function.py:lambda_handler:9"}
            {"timestamp": "<ts>", "level": "ERROR", "errorMessage": "bad input", "errorType": "ValueError", "requestId": "21379561-8041-48e3-84a6-f6865b9c2723", "stackTrace": ["  File \"/var/task/lambda_function.py\", line 10, in lambda_handler\n    raise ValueError('bad input')\n"]}{"time":"<ts>","type":"platform.report","record":{"requestId":"21379561-8041-48e3-84a6-f6865b9c2723","metrics":{"durationMs":<n>,"billedDurationMs":<n>,"memorySizeMB":128,"maxMemoryUsedMB":32,"initDurationMs":<n>},"status":"success"}}
        "#]],
    );
}

#[test]
fn levels_filter_application_and_system_lines() {
    check(
        LoggingConfig::json(Some("ERROR"), Some("WARN")),
        "import logging\nlogger = logging.getLogger()\n\ndef lambda_handler(event, context):\n    logger.warning('dropped at ERROR')\n    logger.error('kept')\n    print('print is not filtered by the runtime')\n    return 1\n",
        expect![[r#"
            -
            ---
            {"timestamp": "<ts>", "level": "ERROR", "message": "kept", "logger": "root", "requestId": "21379561-8041-48e3-84a6-f6865b9c2723"}
            print is not filtered by the runtime
        "#]],
    );
}

#[test]
fn text_format_is_unchanged_and_sets_no_variables() {
    let code = "import logging, os\n\ndef lambda_handler(event, context):\n    logging.getLogger().warning('text')\n    print(os.environ.get('AWS_LAMBDA_LOG_FORMAT'), os.environ.get('AWS_LAMBDA_LOG_LEVEL'))\n";
    let result =
        ExecutionEnvironment::new(FunctionConfig::new("Logs", code)).invoke("{}", REQUEST_ID);
    let lines: Vec<&str> = result.log.lines().collect();
    assert_eq!(lines[0], format!("START RequestId: {REQUEST_ID} Version: $LATEST"));
    assert!(
        lines[1].starts_with("[WARNING]\t") && lines[1].ends_with(&format!("\t{REQUEST_ID}\ttext"))
    );
    assert_eq!(lines[2], "None None");
    assert_eq!(lines[3], format!("END RequestId: {REQUEST_ID}"));
    assert!(lines[4].starts_with(&format!("REPORT RequestId: {REQUEST_ID}\tDuration: ")));
}
