//! The runtime inside headless Chromium (`cargo test --release --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use steplab_lambda::{ExecutionEnvironment, FunctionConfig};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const REQUEST_ID: &str = "21379561-8041-48e3-84a6-f6865b9c2723";

#[wasm_bindgen_test]
fn lab_handler_runs_in_the_browser() {
    let code = include_str!("data/hello_step_function.py");
    let mut env = ExecutionEnvironment::new(FunctionConfig::new("HelloStepFunction", code));
    let cold = env.invoke("{}", REQUEST_ID);
    assert_eq!(cold.payload, r#"{"statusCode": 200, "message": "Hello from Step Function!"}"#);
    assert_eq!(cold.function_error, None);
    let warm = env.invoke("{}", "6d1c0a57-2b4e-4f7e-9a51-3c2f1e0d9b8a");
    assert_eq!(warm.payload, cold.payload);
    assert_eq!(warm.init_duration_ms, None);
    console_log!(
        "wasm cold start: INIT {:.2} ms + invoke {:.2} ms; warm invoke {:.3} ms",
        cold.init_duration_ms.unwrap_or_default(),
        cold.duration_ms,
        warm.duration_ms
    );
}

/// The modules handlers use, with the same results as natively (`data/stdlib_handler.expected.json`).
#[wasm_bindgen_test]
fn modules_that_handlers_use_work_in_the_browser() {
    let code = include_str!("data/stdlib_handler.py");
    let result =
        ExecutionEnvironment::new(FunctionConfig::new("Stdlib", code)).invoke("{}", REQUEST_ID);
    assert_eq!(result.function_error, None, "{}", result.payload);
    let value: serde_json::Value = serde_json::from_str(&result.payload).unwrap_or_default();
    let pretty = serde_json::to_string_pretty(&value).unwrap_or_default();
    assert_eq!(pretty, include_str!("data/stdlib_handler.expected.json"));
}

#[wasm_bindgen_test]
fn errors_are_payloads_in_the_browser() {
    let raise = "def lambda_handler(event, context):\n    raise ValueError('bad input')\n";
    let result =
        ExecutionEnvironment::new(FunctionConfig::new("Raise", raise)).invoke("{}", REQUEST_ID);
    assert_eq!(result.function_error.as_deref(), Some("Unhandled"));
    assert_eq!(
        result.payload,
        r#"{"errorMessage": "bad input", "errorType": "ValueError", "requestId": "21379561-8041-48e3-84a6-f6865b9c2723", "stackTrace": ["  File \"/var/task/lambda_function.py\", line 2, in lambda_handler\n    raise ValueError('bad input')\n"]}"#
    );
    let syntax = "def lambda_handler(event, context):\n    return {'a': 1\n";
    let result =
        ExecutionEnvironment::new(FunctionConfig::new("Syntax", syntax)).invoke("{}", REQUEST_ID);
    assert_eq!(result.error_type().as_deref(), Some("Runtime.UserCodeSyntaxError"));
}

#[wasm_bindgen_test]
fn sleep_past_the_timeout_times_out_in_the_browser() {
    let code = "import time\n\ndef lambda_handler(event, context):\n    time.sleep(10)\n";
    let mut env = ExecutionEnvironment::new(FunctionConfig::new("Sleepy", code));
    let result = env.invoke("{}", REQUEST_ID);
    assert_eq!(result.error_type().as_deref(), Some("Sandbox.Timedout"));
    assert!(!env.is_warm(), "a timed-out environment is reset");
}

#[wasm_bindgen_test]
fn deep_recursion_is_a_recursion_error_in_the_browser() {
    let code =
        "def f(n):\n    return f(n + 1)\n\ndef lambda_handler(event, context):\n    return f(0)\n";
    let result =
        ExecutionEnvironment::new(FunctionConfig::new("Deep", code)).invoke("{}", REQUEST_ID);
    assert_eq!(result.error_type().as_deref(), Some("RecursionError"));
}

#[wasm_bindgen_test]
fn tmp_files_work_in_the_browser() {
    let code = "def lambda_handler(event, context):\n    with open('/tmp/a.txt', 'w') as f:\n        f.write('caf\\u00e9')\n    return open('/tmp/a.txt').read()\n";
    let result =
        ExecutionEnvironment::new(FunctionConfig::new("Files", code)).invoke("{}", REQUEST_ID);
    assert_eq!(result.payload, r#""caf\u00e9""#);
}
