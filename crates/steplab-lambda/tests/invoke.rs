//! Invocations of small handlers natively, compared with the strings AWS's python3.11 runtime
//! returns (`/work/shared/reference/lambda-python.md` §1). `UPDATE_EXPECT=1` refreshes them.
#![cfg(not(target_arch = "wasm32"))]

use expect_test::{Expect, expect};
use steplab_lambda::{ExecutionEnvironment, FunctionConfig, InvokeResult};

const REQUEST_ID: &str = "21379561-8041-48e3-84a6-f6865b9c2723";
const SECOND_REQUEST_ID: &str = "6d1c0a57-2b4e-4f7e-9a51-3c2f1e0d9b8a";

fn environment(code: &str) -> ExecutionEnvironment {
    ExecutionEnvironment::new(FunctionConfig::new("HelloStepFunction", code))
}

fn invoke(code: &str, event: &str) -> InvokeResult {
    let result = environment(code).invoke(event, REQUEST_ID);
    if let Some(init) = result.init_duration_ms {
        println!("native cold start: INIT {init:.2} ms, invoke {:.3} ms", result.duration_ms);
    }
    result
}

/// The payload as the Invoke API returns it, `[Unhandled]` marking a function error.
fn render_payload(result: &InvokeResult) -> String {
    let flag = result.function_error.as_ref().map(|e| format!("[{e}] ")).unwrap_or_default();
    format!("{flag}{}", result.payload)
}

fn check(code: &str, event: &str, expect: Expect) {
    expect.assert_eq(&render_payload(&invoke(code, event)));
}

/// The log with durations and timestamps masked (they differ from run to run) and `\r` shown.
fn masked_log(log: &str) -> String {
    log.replace('\r', "\\r")
        .split_inclusive('\n')
        .map(|line| line.split('\t').map(mask_field).collect::<Vec<_>>().join("\t"))
        .collect()
}

fn mask_field(field: &str) -> String {
    for label in ["Duration: ", "Billed Duration: ", "Init Duration: "] {
        if let Some(rest) = field.strip_prefix(label) {
            let unit = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
            return format!("{label}<n>{unit}");
        }
    }
    let is_timestamp = |s: &str| s.len() == 24 && s.ends_with('Z') && s.as_bytes()[10] == b'T';
    if is_timestamp(field) {
        return "<timestamp>".to_owned();
    }
    match field.split_once(' ') {
        Some((first, rest)) if is_timestamp(first) => format!("<timestamp> {rest}"),
        _ => field.to_owned(),
    }
}

fn check_log(code: &str, event: &str, expect: Expect) {
    let result = invoke(code, event);
    expect.assert_eq(&format!("{}\n---\n{}", render_payload(&result), masked_log(&result.log)));
}

#[test]
fn lab_handler_returns_its_payload() {
    check(
        include_str!("data/hello_step_function.py"),
        "{}",
        expect![[r#"{"statusCode": 200, "message": "Hello from Step Function!"}"#]],
    );
}

#[test]
fn syntax_error_is_a_user_code_syntax_error() {
    check_log(
        "def lambda_handler(event, context):\n    return {'a': 1\n",
        "{}",
        expect![[r#"
            [Unhandled] {"errorMessage": "Syntax error in module 'lambda_function': '{' was never closed (lambda_function.py, line 2)", "errorType": "Runtime.UserCodeSyntaxError", "requestId": "", "stackTrace": ["  File \"/var/task/lambda_function.py\" Line 2\n        return {'a': 1\n"]}
            ---
            START RequestId: 21379561-8041-48e3-84a6-f6865b9c2723 Version: $LATEST
            [WARNING]	<timestamp>		LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code. However, in rare cases, a Lambda runtime update can cause unexpected function behavior. For functions using managed runtimes, runtime updates can be triggered by a function change, or can be applied automatically. To determine if the runtime has been updated, check the runtime version in the INIT_START log entry. If this error correlates with a change in the runtime version, you may be able to mitigate this error by temporarily rolling back to the previous runtime version. For more information, see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html\r
            [ERROR] Runtime.UserCodeSyntaxError: Syntax error in module 'lambda_function': '{' was never closed (lambda_function.py, line 2)
            Traceback (most recent call last):
              File "/var/task/lambda_function.py" Line 2
                    return {'a': 1END RequestId: 21379561-8041-48e3-84a6-f6865b9c2723
            REPORT RequestId: 21379561-8041-48e3-84a6-f6865b9c2723	Duration: <n> ms	Billed Duration: <n> ms	Memory Size: 128 MB	Max Memory Used: 32 MB	Status: error	Error Type: Runtime.UserCodeSyntaxError
        "#]],
    );
}

#[test]
fn raised_exception_is_the_unhandled_payload() {
    check_log(
        "def lambda_handler(event, context):\n    raise Exception(\"Some exception was raised.\")\n",
        "{}",
        expect![[r#"
            [Unhandled] {"errorMessage": "Some exception was raised.", "errorType": "Exception", "requestId": "21379561-8041-48e3-84a6-f6865b9c2723", "stackTrace": ["  File \"/var/task/lambda_function.py\", line 2, in lambda_handler\n    raise Exception(\"Some exception was raised.\")\n"]}
            ---
            START RequestId: 21379561-8041-48e3-84a6-f6865b9c2723 Version: $LATEST
            [ERROR] Exception: Some exception was raised.
            Traceback (most recent call last):
              File "/var/task/lambda_function.py", line 2, in lambda_handler
                raise Exception("Some exception was raised.")END RequestId: 21379561-8041-48e3-84a6-f6865b9c2723
            REPORT RequestId: 21379561-8041-48e3-84a6-f6865b9c2723	Duration: <n> ms	Billed Duration: <n> ms	Memory Size: 128 MB	Max Memory Used: 32 MB	Init Duration: <n> ms
        "#]],
    );
}

#[test]
fn missing_handler_is_handler_not_found() {
    check(
        "def handler(event, context):\n    return 1\n",
        "{}",
        expect![[
            r#"[Unhandled] {"errorMessage": "Handler 'lambda_handler' missing on module 'lambda_function'", "errorType": "Runtime.HandlerNotFound", "requestId": "21379561-8041-48e3-84a6-f6865b9c2723", "stackTrace": []}"#
        ]],
    );
}

#[test]
fn exception_in_nested_call_lists_every_frame() {
    check(
        "import json\n\ndef parse(text):\n    return json.loads(text)\n\ndef lambda_handler(event, context):\n    return parse(event['body'])\n",
        r#"{"body": "{not json"}"#,
        expect![[
            r#"[Unhandled] {"errorMessage": "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)", "errorType": "JSONDecodeError", "requestId": "21379561-8041-48e3-84a6-f6865b9c2723", "stackTrace": ["  File \"/var/task/lambda_function.py\", line 7, in lambda_handler\n    return parse(event['body'])\n", "  File \"/var/task/lambda_function.py\", line 4, in parse\n    return json.loads(text)\n", "  File \"/var/lang/lib/python3.11/json/__init__.py\", line 352, in loads\n", "  File \"/var/lang/lib/python3.11/json/decoder.py\", line 359, in decode\n", "  File \"/var/lang/lib/python3.11/json/decoder.py\", line 375, in raw_decode\n"]}"#
        ]],
    );
}

#[test]
fn exception_without_message_has_empty_error_message() {
    check(
        "class CustomException(Exception):\n    pass\n\ndef lambda_handler(event, context):\n    raise CustomException()\n",
        "{}",
        expect![[
            r#"[Unhandled] {"errorMessage": "", "errorType": "CustomException", "requestId": "21379561-8041-48e3-84a6-f6865b9c2723", "stackTrace": ["  File \"/var/task/lambda_function.py\", line 5, in lambda_handler\n    raise CustomException()\n"]}"#
        ]],
    );
}

#[test]
fn module_level_exception_is_an_init_error_with_import_frames() {
    check_log(
        "import os\nos.add_dll_directory('x')\n\ndef lambda_handler(event, context):\n    return 1\n",
        "{}",
        expect![[r#"
            [Unhandled] {"errorMessage": "module 'os' has no attribute 'add_dll_directory'", "errorType": "AttributeError", "requestId": "", "stackTrace": ["  File \"/var/lang/lib/python3.11/importlib/__init__.py\", line 126, in import_module\n    return _bootstrap._gcd_import(name[level:], package, level)\n", "  File \"<frozen importlib._bootstrap>\", line 1204, in _gcd_import\n", "  File \"<frozen importlib._bootstrap>\", line 1176, in _find_and_load\n", "  File \"<frozen importlib._bootstrap>\", line 1147, in _find_and_load_unlocked\n", "  File \"<frozen importlib._bootstrap>\", line 690, in _load_unlocked\n", "  File \"<frozen importlib._bootstrap_external>\", line 940, in exec_module\n", "  File \"<frozen importlib._bootstrap>\", line 241, in _call_with_frames_removed\n", "  File \"/var/task/lambda_function.py\", line 2, in <module>\n    os.add_dll_directory('x')\n"]}
            ---
            START RequestId: 21379561-8041-48e3-84a6-f6865b9c2723 Version: $LATEST
            [WARNING]	<timestamp>		LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code. However, in rare cases, a Lambda runtime update can cause unexpected function behavior. For functions using managed runtimes, runtime updates can be triggered by a function change, or can be applied automatically. To determine if the runtime has been updated, check the runtime version in the INIT_START log entry. If this error correlates with a change in the runtime version, you may be able to mitigate this error by temporarily rolling back to the previous runtime version. For more information, see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html\r
            [ERROR] AttributeError: module 'os' has no attribute 'add_dll_directory'
            Traceback (most recent call last):
              File "/var/lang/lib/python3.11/importlib/__init__.py", line 126, in import_module
                return _bootstrap._gcd_import(name[level:], package, level)
              File "<frozen importlib._bootstrap>", line 1204, in _gcd_import
              File "<frozen importlib._bootstrap>", line 1176, in _find_and_load
              File "<frozen importlib._bootstrap>", line 1147, in _find_and_load_unlocked
              File "<frozen importlib._bootstrap>", line 690, in _load_unlocked
              File "<frozen importlib._bootstrap_external>", line 940, in exec_module
              File "<frozen importlib._bootstrap>", line 241, in _call_with_frames_removed
              File "/var/task/lambda_function.py", line 2, in <module>
                os.add_dll_directory('x')END RequestId: 21379561-8041-48e3-84a6-f6865b9c2723
            REPORT RequestId: 21379561-8041-48e3-84a6-f6865b9c2723	Duration: <n> ms	Billed Duration: <n> ms	Memory Size: 128 MB	Max Memory Used: 32 MB	Status: error	Error Type: AttributeError
        "#]],
    );
}

#[test]
fn missing_module_is_import_module_error() {
    check(
        "import requests\n\ndef lambda_handler(event, context):\n    return 1\n",
        "{}",
        expect![[
            r#"[Unhandled] {"errorMessage": "Unable to import module 'lambda_function': No module named 'requests'", "errorType": "Runtime.ImportModuleError", "requestId": "", "stackTrace": []}"#
        ]],
    );
}

fn check_handler(handler: &str, expect: Expect) {
    let mut config = FunctionConfig::new(
        "HelloStepFunction",
        "def lambda_handler(event, context):\n    return 1\n",
    );
    config.handler = handler.to_owned();
    let result = ExecutionEnvironment::new(config).invoke("{}", REQUEST_ID);
    expect.assert_eq(&render_payload(&result));
}

#[test]
fn handler_without_dot_is_malformed() {
    check_handler(
        "lambda_function",
        expect![[
            r#"[Unhandled] {"errorMessage": "Bad handler 'lambda_function': not enough values to unpack (expected 2, got 1)", "errorType": "Runtime.MalformedHandlerName", "requestId": "", "stackTrace": []}"#
        ]],
    );
}

#[test]
fn handler_in_builtin_module_conflicts() {
    check_handler(
        "sys.exit",
        expect![[
            r#"[Unhandled] {"errorMessage": "Cannot use built-in module sys as a handler module", "errorType": "Runtime.BuiltInModuleConflict", "requestId": "", "stackTrace": []}"#
        ]],
    );
}

#[test]
fn handler_in_other_module_cannot_be_imported() {
    check_handler(
        "app.handler",
        expect![[
            r#"[Unhandled] {"errorMessage": "Unable to import module 'app': No module named 'app'", "errorType": "Runtime.ImportModuleError", "requestId": "", "stackTrace": []}"#
        ]],
    );
}

#[test]
fn non_serialisable_result_is_marshal_error() {
    check(
        "import datetime\n\ndef lambda_handler(event, context):\n    return {'now': datetime.datetime.now()}\n",
        "{}",
        expect![[
            r#"[Unhandled] {"errorMessage": "Unable to marshal response: Object of type datetime is not JSON serializable", "errorType": "Runtime.MarshalError", "requestId": "21379561-8041-48e3-84a6-f6865b9c2723", "stackTrace": []}"#
        ]],
    );
}

#[test]
fn result_uses_python311_json_rules() {
    check(
        "import collections, decimal\nPoint = collections.namedtuple('Point', 'x y')\n\ndef lambda_handler(event, context):\n    return {'unicode': 'caf\\u00e9 \\U0001f600', 'tuple': (1, 2.5), 'point': Point(1, 2), 'nan': float('nan'), 'inf': float('-inf'), 'dec': decimal.Decimal('1.10'), 'bytes': b'raw', 1: None, True: [], 2.5: {}}\n",
        "{}",
        expect![[
            r#"{"unicode": "caf\u00e9 \ud83d\ude00", "tuple": [1, 2.5], "point": {"x": 1, "y": 2}, "nan": NaN, "inf": -Infinity, "dec": 1.10, "bytes": "raw", "1": [], "2.5": {}}"#
        ]],
    );
}

#[test]
fn bytes_result_is_returned_raw() {
    check(
        "def lambda_handler(event, context):\n    return b'plain text'\n",
        "{}",
        expect!["plain text"],
    );
}

#[test]
fn event_is_parsed_and_strings_are_returned_as_json() {
    check(
        "def lambda_handler(event, context):\n    return event['key1'] + '!'\n",
        r#"{"key1": "value1", "key2": "value2", "key3": "value3"}"#,
        expect![[r#""value1!""#]],
    );
}

#[test]
fn print_and_logging_go_to_the_log() {
    check_log(
        "import logging\nlogger = logging.getLogger()\nprint('init output')\n\ndef lambda_handler(event, context):\n    print('hello', 42)\n    logger.info('not shown at WARNING')\n    logger.setLevel(logging.INFO)\n    logger.info('shown: %s', event['key1'])\n    logging.getLogger('child').warning('warned')\n    return None\n",
        r#"{"key1": "value1"}"#,
        expect![[r#"
            null
            ---
            init output
            START RequestId: 21379561-8041-48e3-84a6-f6865b9c2723 Version: $LATEST
            hello 42
            [INFO]	<timestamp>	21379561-8041-48e3-84a6-f6865b9c2723	shown: value1
            [WARNING]	<timestamp>	21379561-8041-48e3-84a6-f6865b9c2723	warned
            END RequestId: 21379561-8041-48e3-84a6-f6865b9c2723
            REPORT RequestId: 21379561-8041-48e3-84a6-f6865b9c2723	Duration: <n> ms	Billed Duration: <n> ms	Memory Size: 128 MB	Max Memory Used: 32 MB	Init Duration: <n> ms
        "#]],
    );
}

#[test]
fn context_object_matches_awslambdaric() {
    check(
        "def lambda_handler(event, context):\n    return {'request': context.aws_request_id, 'name': context.function_name, 'version': context.function_version, 'memory': context.memory_limit_in_mb, 'arn': context.invoked_function_arn, 'group': context.log_group_name, 'stream': context.log_stream_name.startswith(context.log_stream_name[:11]) and '[$LATEST]' in context.log_stream_name, 'identity': repr(context.identity), 'client_context': context.client_context, 'remaining': 2900 < context.get_remaining_time_in_millis() <= 3000}\n",
        "{}",
        expect![[
            r#"{"request": "21379561-8041-48e3-84a6-f6865b9c2723", "name": "HelloStepFunction", "version": "$LATEST", "memory": "128", "arn": "arn:aws:lambda:us-east-1:123456789012:function:HelloStepFunction", "group": "/aws/lambda/HelloStepFunction", "stream": true, "identity": "CognitoIdentity([cognito_identity_id=None,cognito_identity_pool_id=None])", "client_context": null, "remaining": true}"#
        ]],
    );
}

#[test]
fn environment_variables_and_os_environ() {
    let code = "import os\n\ndef lambda_handler(event, context):\n    return [os.environ['AWS_LAMBDA_FUNCTION_NAME'], os.environ['AWS_REGION'], os.environ['_HANDLER'], os.environ['AWS_EXECUTION_ENV'], os.environ['AWS_LAMBDA_FUNCTION_MEMORY_SIZE'], os.environ['LAMBDA_TASK_ROOT'], os.environ['TZ'], os.getenv('TABLE_NAME'), os.environ.get('MISSING', 'default'), os.getcwd(), os.environ['_X_AMZN_TRACE_ID'].startswith('Root=1-')]\n";
    let mut config = FunctionConfig::new("Orders", code);
    config.environment = vec![("TABLE_NAME".to_owned(), "orders".to_owned())];
    config.region = "eu-west-1".to_owned();
    let result = ExecutionEnvironment::new(config).invoke("{}", REQUEST_ID);
    expect![[r#"["Orders", "eu-west-1", "lambda_function.lambda_handler", "AWS_Lambda_python3.11", "128", "/var/task", ":UTC", "orders", "default", "/var/task", true]"#]].assert_eq(&render_payload(&result));
}

#[test]
fn globals_persist_across_warm_invokes() {
    let mut env = environment(
        "count = 0\n\ndef lambda_handler(event, context):\n    global count\n    count += 1\n    return count\n",
    );
    let first = env.invoke("{}", REQUEST_ID);
    let second = env.invoke("{}", SECOND_REQUEST_ID);
    println!("native warm invoke: {:.3} ms", second.duration_ms);
    expect!["1 true / 2 false"].assert_eq(&format!(
        "{} {:?} / {} {:?}",
        first.payload,
        first.init_duration_ms.is_some(),
        second.payload,
        second.init_duration_ms.is_some()
    ));
}

#[test]
fn sleep_past_the_timeout_times_out_and_resets_the_environment() {
    let code = "import time\ncount = 0\n\ndef lambda_handler(event, context):\n    global count\n    count += 1\n    time.sleep(event['sleep'])\n    return [count, context.get_remaining_time_in_millis() < 3000 - 1000 * event['sleep'] + 50]\n";
    let mut env = environment(code);
    let slept = env.invoke(r#"{"sleep": 1}"#, REQUEST_ID);
    let timed_out = env.invoke(r#"{"sleep": 5}"#, SECOND_REQUEST_ID);
    let after = env.invoke(r#"{"sleep": 0}"#, REQUEST_ID);
    expect![[r#"
        [1, true] true
        [Unhandled] {"errorType":"Sandbox.Timedout","errorMessage":"RequestId: 6d1c0a57-2b4e-4f7e-9a51-3c2f1e0d9b8a Error: Task timed out after 3.00 seconds"}
        START RequestId: 6d1c0a57-2b4e-4f7e-9a51-3c2f1e0d9b8a Version: $LATEST
        <timestamp> 6d1c0a57-2b4e-4f7e-9a51-3c2f1e0d9b8a Task timed out after 3.00 seconds
        END RequestId: 6d1c0a57-2b4e-4f7e-9a51-3c2f1e0d9b8a
        REPORT RequestId: 6d1c0a57-2b4e-4f7e-9a51-3c2f1e0d9b8a	Duration: <n> ms	Billed Duration: <n> ms	Memory Size: 128 MB	Max Memory Used: 32 MB	Status: timeout

        [1, true] cold=true"#]].assert_eq(&format!(
        "{} {}\n{}\n{}\n{} cold={}",
        slept.payload,
        slept.duration_ms >= 1000.0,
        render_payload(&timed_out),
        masked_log(&timed_out.log),
        after.payload,
        after.init_duration_ms.is_some()
    ));
}

#[test]
fn sys_exit_is_runtime_exit_error() {
    check_log(
        "import sys\n\ndef lambda_handler(event, context):\n    sys.exit(0)\n",
        "{}",
        expect![[r#"
        [Unhandled] {"errorType":"Runtime.ExitError","errorMessage":"RequestId: 21379561-8041-48e3-84a6-f6865b9c2723 Error: Runtime exited without providing a reason"}
        ---
        START RequestId: 21379561-8041-48e3-84a6-f6865b9c2723 Version: $LATEST
        RequestId: 21379561-8041-48e3-84a6-f6865b9c2723 Error: Runtime exited without providing a reason
        Runtime.ExitError
        END RequestId: 21379561-8041-48e3-84a6-f6865b9c2723
        REPORT RequestId: 21379561-8041-48e3-84a6-f6865b9c2723	Duration: <n> ms	Billed Duration: <n> ms	Memory Size: 128 MB	Max Memory Used: 32 MB	Init Duration: <n> ms	Status: error	Error Type: Runtime.ExitError
    "#]],
    );
}

#[test]
fn sys_exit_with_status_reports_it() {
    check(
        "import sys\n\ndef lambda_handler(event, context):\n    sys.exit(3)\n",
        "{}",
        expect![[
            r#"[Unhandled] {"errorType":"Runtime.ExitError","errorMessage":"RequestId: 21379561-8041-48e3-84a6-f6865b9c2723 Error: Runtime exited with error: exit status 3"}"#
        ]],
    );
}

/// The payload of `data/stdlib_handler.py`, pretty-printed; `tests/wasm.rs` compares the browser's
/// result with the same file.
#[test]
fn modules_that_handlers_use_work() {
    let result = invoke(include_str!("data/stdlib_handler.py"), "{}");
    assert_eq!(result.function_error, None, "{}", result.payload);
    let value: serde_json::Value = serde_json::from_str(&result.payload).unwrap_or_default();
    let pretty = serde_json::to_string_pretty(&value).unwrap_or_default();
    expect_test::expect_file!["data/stdlib_handler.expected.json"].assert_eq(&pretty);
}

#[test]
fn infinite_loops_time_out() {
    let loops = [
        "def lambda_handler(event, context):\n    n = 0\n    while True:\n        n += 1\n        n -= 1\n",
        "def spin():\n    pass\n\ndef lambda_handler(event, context):\n    while True: spin()\n",
        "while True:\n    x = 1\n    y = 2\n\ndef lambda_handler(event, context):\n    return 1\n",
    ];
    let outcomes: Vec<String> = loops
        .iter()
        .map(|code| {
            let mut config = FunctionConfig::new("Spin", code);
            config.timeout_seconds = 1;
            let result = ExecutionEnvironment::new(config).invoke("{}", REQUEST_ID);
            format!("{} {}", result.error_type().unwrap_or_default(), result.duration_ms >= 1000.0)
        })
        .collect();
    expect![[r#"
        Sandbox.Timedout true
        Sandbox.Timedout true
        Sandbox.Timedout true"#]]
    .assert_eq(&outcomes.join("\n"));
}

#[test]
fn deep_recursion_is_a_recursion_error() {
    let code =
        "def f(n):\n    return f(n + 1)\n\ndef lambda_handler(event, context):\n    return f(0)\n";
    let result = invoke(code, "{}");
    let payload: serde_json::Value = serde_json::from_str(&result.payload).unwrap_or_default();
    let trace = payload["stackTrace"].as_array().cloned().unwrap_or_default();
    // the number of repeats depends on the recursion limit (1000 optimised, lower in debug builds)
    let last = trace.last().and_then(|t| t.as_str()).unwrap_or_default();
    let collapsed =
        last.starts_with("  [Previous line repeated ") && last.ends_with(" more times]\n");
    let first: Vec<_> = trace.iter().take(4).filter_map(|t| t.as_str()).collect();
    expect![[r#"
        "RecursionError" "maximum recursion depth exceeded" 5
          File "/var/task/lambda_function.py", line 5, in lambda_handler
            return f(0)
          File "/var/task/lambda_function.py", line 2, in f
            return f(n + 1)
          File "/var/task/lambda_function.py", line 2, in f
            return f(n + 1)
          File "/var/task/lambda_function.py", line 2, in f
            return f(n + 1)
        collapsed=true"#]]
    .assert_eq(&format!(
        "{} {} {}\n{}collapsed={collapsed}",
        payload["errorType"],
        payload["errorMessage"],
        trace.len(),
        first.concat()
    ));
}

#[test]
fn traceback_in_user_code_shows_source_lines() {
    check(
        "import traceback\n\ndef lambda_handler(event, context):\n    try:\n        1 / 0\n    except ZeroDivisionError:\n        return traceback.format_exc()\n",
        "{}",
        expect![[
            r#""Traceback (most recent call last):\n  File \"/var/task/lambda_function.py\", line 5, in lambda_handler\n    1 / 0\n    ~~^~~\nZeroDivisionError: division by zero\n""#
        ]],
    );
}

#[test]
fn invalid_event_is_an_unmarshal_error() {
    check(
        "def lambda_handler(event, context):\n    return event\n",
        "{not json",
        expect![[
            r#"[Unhandled] {"errorMessage": "Unable to unmarshal input: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)", "errorType": "Runtime.UnmarshalError", "requestId": "21379561-8041-48e3-84a6-f6865b9c2723", "stackTrace": []}"#
        ]],
    );
}

#[test]
fn huge_response_is_too_large() {
    check(
        "def lambda_handler(event, context):\n    return 'x' * 6291600\n",
        "{}",
        expect![[
            r#"[Unhandled] {"errorMessage":"Response payload size exceeded maximum allowed payload size (6291556 bytes).","errorType":"Function.ResponseSizeTooLarge"}"#
        ]],
    );
}

#[test]
fn circular_response_is_a_marshal_error() {
    check(
        "def lambda_handler(event, context):\n    a = []\n    a.append(a)\n    return a\n",
        "{}",
        expect![[
            r#"[Unhandled] {"errorMessage": "Unable to marshal response: Circular reference detected", "errorType": "Runtime.MarshalError", "requestId": "21379561-8041-48e3-84a6-f6865b9c2723", "stackTrace": []}"#
        ]],
    );
}

#[test]
fn what_the_sandbox_lacks_fails_like_cpython_without_it() {
    check(
        r#"import sys

def attempt(action):
    try:
        action()
        return "ok"
    except BaseException as e:
        return "%s: %s" % (type(e).__name__, e)

def lambda_handler(event, context):
    return {
        "read": attempt(lambda: open("/etc/passwd").read()),
        "write": attempt(lambda: open("/var/task/out.txt", "w")),
        "boto3": attempt(lambda: __import__("boto3").client("s3").list_buckets()),
        "socket": attempt(lambda: __import__("socket").create_connection(("example.com", 80))),
        "listdir": attempt(lambda: __import__("os").listdir("/var/task")),
        "urlopen": attempt(lambda: __import__("urllib.request").request.urlopen("https://example.com")),
        "ip": attempt(lambda: __import__("socket").create_connection(("10.0.0.1", 443))),
    }
"#,
        "{}",
        expect![[
            r#"{"read": "FileNotFoundError: [Errno 2] No such file or directory: '/etc/passwd'", "write": "OSError: [Errno 30] Read-only file system: '/var/task/out.txt'", "boto3": "EndpointConnectionError: Could not connect to the endpoint URL: \"https://s3.amazonaws.com/\"", "socket": "gaierror: [Errno -3] Temporary failure in name resolution", "listdir": "ok", "urlopen": "URLError: <urlopen error unknown url type: https>", "ip": "OSError: [Errno 101] Network is unreachable"}"#
        ]],
    );
}

#[test]
fn stderr_context_log_and_log_level() {
    let code = "import logging, sys\nlogging.basicConfig(level=logging.DEBUG, format='%(message)s')\n\ndef lambda_handler(event, context):\n    print('to stderr', file=sys.stderr)\n    context.log('via context.log\\n')\n    logging.debug('debug shown at DEBUG')\n    logging.error('multi\\nline')\n    return context.get_remaining_time_in_millis() > 0\n";
    let mut config = FunctionConfig::new("Levels", code);
    config.environment = vec![("AWS_LAMBDA_LOG_LEVEL".to_owned(), "DEBUG".to_owned())];
    let result = ExecutionEnvironment::new(config).invoke("{}", REQUEST_ID);
    expect![[r#"
        true
        ---
        START RequestId: 21379561-8041-48e3-84a6-f6865b9c2723 Version: $LATEST
        to stderr
        via context.log
        [DEBUG]	<timestamp>	21379561-8041-48e3-84a6-f6865b9c2723	debug shown at DEBUG
        [ERROR]	<timestamp>	21379561-8041-48e3-84a6-f6865b9c2723	multi
        line
        END RequestId: 21379561-8041-48e3-84a6-f6865b9c2723
        REPORT RequestId: 21379561-8041-48e3-84a6-f6865b9c2723	Duration: <n> ms	Billed Duration: <n> ms	Memory Size: 128 MB	Max Memory Used: 32 MB	Init Duration: <n> ms
    "#]].assert_eq(&format!("{}\n---\n{}", render_payload(&result), masked_log(&result.log)));
}

#[test]
fn remaining_time_counts_down() {
    check(
        "import time\n\ndef lambda_handler(event, context):\n    before = context.get_remaining_time_in_millis()\n    time.sleep(1.5)\n    after = context.get_remaining_time_in_millis()\n    return [2900 < before <= 3000, 1400 < after <= 1500, 1490 <= before - after <= 1510]\n",
        "{}",
        expect!["[true, true, true]"],
    );
}

#[test]
fn tmp_is_writable_and_kept_across_warm_invokes() {
    let code = r#"import os, json

def lambda_handler(event, context):
    path = "/tmp/state/count.json"
    os.makedirs("/tmp/state", exist_ok=True)
    count = json.load(open(path))["count"] + 1 if os.path.exists(path) else 1
    with open(path, "w") as f:
        json.dump({"count": count}, f)
    with open("/tmp/log.bin", "ab") as f:
        f.write(b"x")
    own_source = open("lambda_function.py").readline().strip()
    return [count, os.listdir("/tmp"), os.path.getsize("/tmp/log.bin"), own_source, os.listdir(".")]
"#;
    let mut env = environment(code);
    let first = env.invoke("{}", REQUEST_ID);
    let second = env.invoke("{}", SECOND_REQUEST_ID);
    expect![[r#"
        [1, ["log.bin", "state"], 1, "import os, json", ["lambda_function.py"]]
        [2, ["log.bin", "state"], 2, "import os, json", ["lambda_function.py"]]"#]]
    .assert_eq(&format!("{}\n{}", render_payload(&first), render_payload(&second)));
}

#[test]
fn exit_and_timeout_during_init() {
    let mut config = FunctionConfig::new("Init", "import sys\nsys.exit(2)\n");
    let exited = ExecutionEnvironment::new(config.clone()).invoke("{}", REQUEST_ID);
    config.code =
        "import time\ntime.sleep(5)\n\ndef lambda_handler(event, context):\n    return 1\n"
            .to_owned();
    let mut env = ExecutionEnvironment::new(config);
    let slow = env.invoke("{}", REQUEST_ID);
    expect![[r#"
        [Unhandled] {"errorType":"Runtime.ExitError","errorMessage":"RequestId: 21379561-8041-48e3-84a6-f6865b9c2723 Error: Runtime exited with error: exit status 2"}
        START RequestId: 21379561-8041-48e3-84a6-f6865b9c2723 Version: $LATEST
        RequestId: 21379561-8041-48e3-84a6-f6865b9c2723 Error: Runtime exited with error: exit status 2
        Runtime.ExitError
        END RequestId: 21379561-8041-48e3-84a6-f6865b9c2723
        REPORT RequestId: 21379561-8041-48e3-84a6-f6865b9c2723	Duration: <n> ms	Billed Duration: <n> ms	Memory Size: 128 MB	Max Memory Used: 32 MB	Status: error	Error Type: Runtime.ExitError

        [Unhandled] {"errorType":"Sandbox.Timedout","errorMessage":"RequestId: 21379561-8041-48e3-84a6-f6865b9c2723 Error: Task timed out after 3.00 seconds"}
        warm=false"#]].assert_eq(&format!(
        "{}\n{}\n{}\nwarm={}",
        render_payload(&exited),
        masked_log(&exited.log),
        render_payload(&slow),
        env.is_warm()
    ));
}

#[test]
fn results_for_a_terminated_or_crashed_environment() {
    let config = FunctionConfig::new("Spin", "");
    let timed_out = InvokeResult::timed_out(&config, REQUEST_ID, 1_714_564_800_000.0);
    let crashed = InvokeResult::crashed(&config, REQUEST_ID, "RuntimeError: unreachable");
    expect![[r#"
        [Unhandled] {"errorType":"Sandbox.Timedout","errorMessage":"RequestId: 21379561-8041-48e3-84a6-f6865b9c2723 Error: Task timed out after 3.00 seconds"}
        START RequestId: 21379561-8041-48e3-84a6-f6865b9c2723 Version: $LATEST
        2024-05-01T12:00:03.000Z 21379561-8041-48e3-84a6-f6865b9c2723 Task timed out after 3.00 seconds
        END RequestId: 21379561-8041-48e3-84a6-f6865b9c2723
        REPORT RequestId: 21379561-8041-48e3-84a6-f6865b9c2723	Duration: 3000.00 ms	Billed Duration: 3000 ms	Memory Size: 128 MB	Max Memory Used: 32 MB	Status: timeout

        [Unhandled] {"errorType":"Runtime.ExitError","errorMessage":"RequestId: 21379561-8041-48e3-84a6-f6865b9c2723 Error: Runtime exited with error: signal: aborted"}
        START RequestId: 21379561-8041-48e3-84a6-f6865b9c2723 Version: $LATEST
        RuntimeError: unreachable
        RequestId: 21379561-8041-48e3-84a6-f6865b9c2723 Error: Runtime exited with error: signal: aborted
        Runtime.ExitError
        END RequestId: 21379561-8041-48e3-84a6-f6865b9c2723
        REPORT RequestId: 21379561-8041-48e3-84a6-f6865b9c2723	Duration: 0.00 ms	Billed Duration: 1 ms	Memory Size: 128 MB	Max Memory Used: 32 MB	Status: error	Error Type: Runtime.ExitError
    "#]].assert_eq(&format!(
        "{}\n{}\n{}\n{}",
        render_payload(&timed_out),
        timed_out.log,
        render_payload(&crashed),
        crashed.log
    ));
}

/// Every root of `stdlib.txt` imports: the frozen subset of the standard library is closed.
#[test]
fn frozen_standard_library_is_complete_for_its_roots() {
    let roots: Vec<&str> = include_str!("../stdlib.txt")
        .lines()
        .filter_map(|line| line.strip_prefix("# roots: "))
        .flat_map(str::split_whitespace)
        .collect();
    let code = format!(
        "ROOTS = {:?}\n\ndef lambda_handler(event, context):\n    failed = []\n    for root in ROOTS + ['antigravity', 'tarfile', 'xml.etree.ElementTree']:\n        try:\n            __import__(root)\n        except ImportError as e:\n            failed.append('%s: %s' % (type(e).__name__, e))\n    return [len(ROOTS), failed]\n",
        roots.join(" ").split(' ').collect::<Vec<_>>()
    );
    let mut config = FunctionConfig::new("Stdlib", &code);
    config.timeout_seconds = 60;
    let result = ExecutionEnvironment::new(config).invoke("{}", REQUEST_ID);
    expect![[r#"[91, ["ModuleNotFoundError: No module named 'antigravity'", "ModuleNotFoundError: No module named 'tarfile'", "ModuleNotFoundError: No module named 'xml'"]]"#]]
        .assert_eq(&render_payload(&result));
}

#[test]
fn tempfile_works_in_tmp() {
    check(
        "import os, tempfile\n\ndef lambda_handler(event, context):\n    with tempfile.NamedTemporaryFile('w+', suffix='.csv') as f:\n        f.write('a,b\\n')\n        f.flush()\n        f.seek(0)\n        name, text = f.name, f.read()\n    with tempfile.TemporaryDirectory() as d:\n        open(os.path.join(d, 'x'), 'w').close()\n        inside = os.listdir(d)\n    return [tempfile.gettempdir(), name.startswith('/tmp/') and name.endswith('.csv'), text, os.path.exists(name), inside]\n",
        "{}",
        expect![[r#"["/tmp", true, "a,b\n", false, ["x"]]"#]],
    );
}

#[test]
fn events_parse_like_python_json() {
    let echo = "def lambda_handler(event, context):\n    return [event, [type(v).__name__ for v in event.values()]]\n";
    let events = [
        r#"{"x": 1, "y": [true, null, "\ud83d\ude00 caf\u00e9"], "z": -9007199254740993, "x": 3}"#,
        r#"{"a": 1.5, "b": 12345678901234567890123, "c": NaN, "d": 1e400, "e": 0.1}"#,
    ];
    let payloads: Vec<String> = events.iter().map(|e| render_payload(&invoke(echo, e))).collect();
    expect![[r#"
        [{"x": 3, "y": [true, null, "\ud83d\ude00 caf\u00e9"], "z": -9007199254740993}, ["int", "list", "int"]]
        [{"a": 1.5, "b": 12345678901234567890123, "c": NaN, "d": Infinity, "e": 0.1}, ["float", "int", "float", "float", "float"]]"#]].assert_eq(&payloads.join("\n"));
}

#[test]
fn logging_imported_inside_the_handler_has_lambdas_handler() {
    check_log(
        "def lambda_handler(event, context):\n    import logging\n    logging.basicConfig(format='%(message)s')\n    root = logging.getLogger()\n    root.warning('careful')\n    return [len(root.handlers), type(root.handlers[0]).__name__, logging.getLevelName(root.level)]\n",
        "{}",
        expect![[r#"
            [1, "LambdaLoggerHandler", "WARNING"]
            ---
            START RequestId: 21379561-8041-48e3-84a6-f6865b9c2723 Version: $LATEST
            [WARNING]	<timestamp>	21379561-8041-48e3-84a6-f6865b9c2723	careful
            END RequestId: 21379561-8041-48e3-84a6-f6865b9c2723
            REPORT RequestId: 21379561-8041-48e3-84a6-f6865b9c2723	Duration: <n> ms	Billed Duration: <n> ms	Memory Size: 128 MB	Max Memory Used: 32 MB	Init Duration: <n> ms
        "#]],
    );
}

/// The figures of `tests/wasm_bench.rs`, natively (printed with `-- --nocapture`, not asserted).
#[test]
fn lab_handler_cold_start_and_warm_invokes() {
    let code = include_str!("data/hello_step_function.py");
    let mut env = environment(code);
    let cold = env.invoke("{}", REQUEST_ID);
    let runs = 200;
    let mut total_ms = 0.0;
    for _ in 0..runs {
        let warm = env.invoke("{}", SECOND_REQUEST_ID);
        assert_eq!(warm.payload, cold.payload);
        total_ms += warm.duration_ms;
    }
    steplab_lambda::prewarm();
    let prewarmed = environment(code).invoke("{}", REQUEST_ID);
    println!(
        "native lab handler: cold start INIT {:.2} ms + invoke {:.2} ms; from a prewarmed interpreter INIT {:.2} ms + invoke {:.2} ms; warm invoke {:.3} ms (mean of {runs})",
        cold.init_duration_ms.unwrap_or_default(),
        cold.duration_ms,
        prewarmed.init_duration_ms.unwrap_or_default(),
        prewarmed.duration_ms,
        total_ms / f64::from(runs)
    );
    expect![[r#"{"statusCode": 200, "message": "Hello from Step Function!"}"#]]
        .assert_eq(&cold.payload);
}

#[test]
fn uncaught_base_exception_ends_the_runtime() {
    check_log(
        "def lambda_handler(event, context):\n    raise KeyboardInterrupt\n",
        "{}",
        expect![[r#"
        [Unhandled] {"errorType":"Runtime.ExitError","errorMessage":"RequestId: 21379561-8041-48e3-84a6-f6865b9c2723 Error: Runtime exited with error: exit status 1"}
        ---
        START RequestId: 21379561-8041-48e3-84a6-f6865b9c2723 Version: $LATEST
        Traceback (most recent call last):
          File "/var/task/lambda_function.py", line 2, in lambda_handler
            raise KeyboardInterrupt
        KeyboardInterrupt
        RequestId: 21379561-8041-48e3-84a6-f6865b9c2723 Error: Runtime exited with error: exit status 1
        Runtime.ExitError
        END RequestId: 21379561-8041-48e3-84a6-f6865b9c2723
        REPORT RequestId: 21379561-8041-48e3-84a6-f6865b9c2723	Duration: <n> ms	Billed Duration: <n> ms	Memory Size: 128 MB	Max Memory Used: 32 MB	Init Duration: <n> ms	Status: error	Error Type: Runtime.ExitError
    "#]],
    );
}

#[test]
fn uncaught_base_exception_in_init_ends_the_runtime() {
    check(
        "raise KeyboardInterrupt\n",
        "{}",
        expect![[
            r#"[Unhandled] {"errorType":"Runtime.ExitError","errorMessage":"RequestId: 21379561-8041-48e3-84a6-f6865b9c2723 Error: Runtime exited with error: exit status 1"}"#
        ]],
    );
}

#[test]
fn prewarm_leaves_environments_cold_and_working() {
    steplab_lambda::prewarm();
    steplab_lambda::prewarm();
    assert!(steplab_lambda::has_prewarmed());
    let mut env = environment(include_str!("data/hello_step_function.py"));
    assert!(!env.is_warm());
    let result = env.invoke("{}", REQUEST_ID);
    // the environment started from the prewarmed interpreter; the next one boots its own
    assert!(!steplab_lambda::has_prewarmed());
    let second = environment(include_str!("data/hello_step_function.py")).invoke("{}", REQUEST_ID);
    expect![[r#"
        {"statusCode": 200, "message": "Hello from Step Function!"} cold=true
        {"statusCode": 200, "message": "Hello from Step Function!"} cold=true"#]]
    .assert_eq(&format!(
        "{} cold={}\n{} cold={}",
        result.payload,
        result.init_duration_ms.is_some(),
        second.payload,
        second.init_duration_ms.is_some()
    ));
}

/// A prewarmed interpreter carries nothing from one environment to the next: globals, `/tmp` and
/// the environment variables are the function's own, and time never runs backwards.
#[test]
fn prewarmed_interpreters_start_clean() {
    let code = "import os, time\nSEEN = []\n\ndef lambda_handler(event, context):\n    SEEN.append(event['n'])\n    if event.get('sleep'):\n        time.sleep(2)\n    return [SEEN, os.path.exists('/tmp/mark'), os.environ.get('MINE'), time.time()]\n";
    let mut first_config = FunctionConfig::new("First", code);
    first_config.environment = vec![("MINE".to_owned(), "first".to_owned())];
    let mut first = ExecutionEnvironment::new(first_config);
    steplab_lambda::prewarm();
    let a = first.invoke(r#"{"n": 1, "sleep": true}"#, REQUEST_ID);
    steplab_lambda::prewarm();
    let mut second = ExecutionEnvironment::new(FunctionConfig::new("Second", code));
    let b = second.invoke(r#"{"n": 2}"#, REQUEST_ID);
    let parse = |r: &InvokeResult| -> serde_json::Value {
        serde_json::from_str(&r.payload).unwrap_or_default()
    };
    let (a, b) = (parse(&a), parse(&b));
    expect![[r#"[[1],false,"first"] [[2],false,null]"#]].assert_eq(&format!(
        "{} {}",
        serde_json::json!(a.as_array().map(|v| v[..3].to_vec())),
        serde_json::json!(b.as_array().map(|v| v[..3].to_vec()))
    ));
    // the first environment slept 2 s on its virtual clock
    assert!(a[3].as_f64() > b[3].as_f64().map(|t| t + 1.5), "{a} {b}");
}

#[test]
fn tmp_survives_a_timeout_but_globals_do_not() {
    let code = "import os, time\nnumber = 0\n\ndef lambda_handler(event, context):\n    global number\n    number += 1\n    if event.get('write'):\n        with open('/tmp/kept.txt', 'w') as f:\n            f.write('still here')\n    if event.get('sleep'):\n        time.sleep(10)\n    return [number, open('/tmp/kept.txt').read() if os.path.exists('/tmp/kept.txt') else None]\n";
    let mut env = environment(code);
    let results: Vec<String> = [r#"{"write": true}"#, r#"{"sleep": true}"#, "{}"]
        .iter()
        .map(|event| render_payload(&env.invoke(event, REQUEST_ID)))
        .collect();
    expect![[r#"
        [1, "still here"]
        [Unhandled] {"errorType":"Sandbox.Timedout","errorMessage":"RequestId: 21379561-8041-48e3-84a6-f6865b9c2723 Error: Task timed out after 3.00 seconds"}
        [1, "still here"]"#]].assert_eq(&results.join("\n"));
}

#[test]
fn syntax_newer_than_python311_is_a_syntax_error() {
    check(
        "def lambda_handler(event, context):\n    return f\"{event[\"key1\"]}\"\n",
        r#"{"key1": "value1"}"#,
        expect![[
            r#"[Unhandled] {"errorMessage": "Syntax error in module 'lambda_function': f-string: unmatched '[' (lambda_function.py, line 2)", "errorType": "Runtime.UserCodeSyntaxError", "requestId": "", "stackTrace": ["  File \"/var/task/lambda_function.py\" Line 2\n        return f\"{event[\"key1\"]}\"\n"]}"#
        ]],
    );
}

/// The console's default python3.11 code and test event (reference §1.8), with the response AWS
/// records for it (§1.3).
#[test]
fn console_default_function_returns_the_recorded_response() {
    let code = "import json\n\ndef lambda_handler(event, context):\n    # TODO implement\n    return {\n        'statusCode': 200,\n        'body': json.dumps('Hello from Lambda!')\n    }\n";
    let result = invoke(code, r#"{"key1": "value1", "key2": "value2", "key3": "value3"}"#);
    assert_eq!(result.payload, r#"{"statusCode": 200, "body": "\"Hello from Lambda!\""}"#);
    assert_eq!(result.function_error, None);
}

/// `unavailable.txt` lists exactly the modules of CPython 3.11's standard library that the
/// sandbox cannot import (the Lambda console explains them when a handler's import fails).
#[test]
fn unavailable_standard_library_modules_are_listed() {
    let names: Vec<&str> = include_str!("data/cpython311_stdlib.txt")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .collect();
    let code = format!(
        "import sys\nNAMES = {names:?}\n\ndef lambda_handler(event, context):\n    failed = []\n    for name in NAMES:\n        try:\n            __import__(name)\n        except ImportError as e:\n            failed.append(name if type(e) is ModuleNotFoundError and e.name == name else '%s: %s' % (name, e))\n    return failed\n"
    );
    let mut config = FunctionConfig::new("Stdlib", &code);
    config.timeout_seconds = 60;
    let result = ExecutionEnvironment::new(config).invoke("{}", REQUEST_ID);
    let failed: Vec<String> = serde_json::from_str(&result.payload).unwrap_or_default();
    let mut listed = String::from(
        "# CPython 3.11 standard-library modules that StepLab's Python sandbox does not have (checked\n# by tests/invoke.rs; `UPDATE_EXPECT=1` refreshes it). See stdlib.txt for why.\n",
    );
    for name in &failed {
        listed.push_str(name);
        listed.push('\n');
    }
    assert!(result.function_error.is_none(), "{}", result.payload);
    expect_test::expect_file!["../unavailable.txt"].assert_eq(&listed);
}

/// The syntax errors of `data/syntax_errors.json` (recorded from CPython 3.11.7's `compile` by
/// `data/record_syntax_errors.py`) as the code editor gets them: message, line and column as
/// CPython's, or the difference spelled out.
#[test]
fn syntax_errors_are_reported_as_cpython_311_does() {
    let data: serde_json::Value =
        serde_json::from_str(include_str!("data/syntax_errors.json")).unwrap_or_default();
    let cases = data["cases"].as_array().cloned().unwrap_or_default();
    assert!(cases.len() > 100, "{data}");
    let mut report = String::new();
    for case in &cases {
        let source = case["source"].as_str().unwrap_or_default();
        let ours = steplab_lambda::check_syntax(source, "/var/task/lambda_function.py")
            .map(|p| serde_json::json!([p.message, p.line, p.column]));
        let theirs = case["cpython"].as_array().map(|e| serde_json::json!([e[1], e[2], e[3]]));
        let verdict = if ours == theirs {
            "same".to_owned()
        } else {
            format!("StepLab {} / CPython {}", serde_json::json!(ours), serde_json::json!(theirs))
        };
        report.push_str(&format!("{source:?}: {verdict}\n"));
    }
    expect_test::expect_file!["data/syntax_errors.expected.txt"].assert_eq(&report);
}

/// The same syntax errors raised by INIT: `Runtime.UserCodeSyntaxError` with AWS's message
/// (`str(SyntaxError)`, reference §1.1) and stack trace built from CPython 3.11's `msg`, `lineno`
/// and `text`, or the difference spelled out.
#[test]
fn syntax_errors_fail_init_as_on_python_311() {
    let data: serde_json::Value =
        serde_json::from_str(include_str!("data/syntax_errors.json")).unwrap_or_default();
    let cases = data["cases"].as_array().cloned().unwrap_or_default();
    let mut report = String::new();
    for case in &cases {
        let Some(cpython) = case["cpython"].as_array() else { continue };
        let source = case["source"].as_str().unwrap_or_default();
        let (msg, line) = (cpython[1].as_str().unwrap_or_default(), &cpython[2]);
        let text = cpython[6].as_str().unwrap_or_default();
        let theirs = serde_json::json!([
            format!(
                "Syntax error in module 'lambda_function': {msg} (lambda_function.py, line {line})"
            ),
            format!("  File \"/var/task/lambda_function.py\" Line {line}\n    {text}"),
        ]);
        let result = invoke(source, "{}");
        let payload: serde_json::Value = serde_json::from_str(&result.payload).unwrap_or_default();
        let ours = serde_json::json!([payload["errorMessage"], payload["stackTrace"][0]]);
        let verdict = if payload["errorType"] != "Runtime.UserCodeSyntaxError" {
            format!("StepLab {}", result.payload)
        } else if ours == theirs {
            "same".to_owned()
        } else {
            format!("StepLab {ours} / CPython {theirs}")
        };
        report.push_str(&format!("{source:?}: {verdict}\n"));
    }
    expect_test::expect_file!["data/syntax_errors_init.expected.txt"].assert_eq(&report);
}

/// Tabs and spaces mixed so that the indentation depends on the tab size: CPython 3.11's tokenizer
/// raises `TabError` (RustPython's accepts the module).
#[test]
fn tabs_and_spaces_mixed_are_a_user_code_syntax_error() {
    check(
        "def lambda_handler(event, context):\n\tif event:\n        return 1\n\treturn 0\n",
        "{}",
        expect![[
            r#"[Unhandled] {"errorMessage": "Syntax error in module 'lambda_function': inconsistent use of tabs and spaces in indentation (lambda_function.py, line 3)", "errorType": "Runtime.UserCodeSyntaxError", "requestId": "", "stackTrace": ["  File \"/var/task/lambda_function.py\" Line 3\n            return 1\n"]}"#
        ]],
    );
}

#[test]
fn indentation_error_is_worded_as_cpython_311() {
    check(
        "x = 1\n  y = 2\n\ndef lambda_handler(event, context):\n    return 1\n",
        "{}",
        expect![[
            r#"[Unhandled] {"errorMessage": "Syntax error in module 'lambda_function': unexpected indent (lambda_function.py, line 2)", "errorType": "Runtime.UserCodeSyntaxError", "requestId": "", "stackTrace": ["  File \"/var/task/lambda_function.py\" Line 2\n      y = 2\n"]}"#
        ]],
    );
}

#[test]
fn constant_sets_in_the_handler_s_module() {
    // the compiler folds these into frozenset constants, which need the VM to be made
    let result = invoke(
        "def lambda_handler(event, context):\n    return {'sorted': sorted({'b', 'a', 'c'}), 'in': event['k'] in {'x', 'y'}}\n",
        r#"{"k": "y"}"#,
    );
    assert_eq!(result.function_error, None, "{}", result.payload);
    assert_eq!(result.payload, r#"{"sorted": ["a", "b", "c"], "in": true}"#);
}

/// A standard-library module kept as source (`stdlib.txt`'s `[source]` part) imports when first
/// needed; a traceback places it in /var/lang/lib on the line of RustPython's `Lib` that raised
/// (taking docstrings and comments out kept the lines); docstrings are gone from the standard
/// library, frozen or kept as source, and not from the handler's own code.
#[test]
fn modules_kept_as_source_import_on_their_own_lines() {
    let result = invoke(
        "import email.utils\n\ndef lambda_handler(event, context):\n    return email.utils.parsedate_to_datetime(event['date'])\n",
        r#"{"date": "nonsense"}"#,
    );
    let source =
        std::fs::read_to_string(format!("{}/email/utils.py", rustpython_pylib::LIB_PATH)).unwrap();
    let def = source.lines().position(|l| l.starts_with("def parsedate_to_datetime")).unwrap();
    let raise =
        def + source.lines().skip(def).position(|l| l.contains("raise ValueError")).unwrap();
    let frame = format!(
        "File \\\"/var/lang/lib/python3.11/email/utils.py\\\", line {}, in parsedate_to_datetime",
        raise + 1
    );
    assert!(result.payload.contains(&frame), "{frame}\n{}", result.payload);
    assert!(result.payload.contains(r#""errorType": "ValueError""#), "{}", result.payload);
    let docs = environment("import email.utils, json\n\ndef f():\n    \"\"\"mine\"\"\"\n\ndef lambda_handler(event, context):\n    return [email.utils.__doc__, json.__doc__, f.__doc__]\n")
        .invoke("{}", REQUEST_ID);
    assert_eq!(docs.payload, r#"[null, null, "mine"]"#);
}
