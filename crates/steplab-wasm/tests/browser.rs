//! The JavaScript API in headless Chromium (`wasm-pack test --headless --chrome --release`): the
//! reference lab with its Python handler, a failing handler caught by Catch, diagnostics, JSONata
//! and JSONPath, stepping. Values go in and come out through the same functions JavaScript calls.
#![cfg(target_arch = "wasm32")]

use serde_json::{Value, json};
use steplab_wasm::js::{
    StepLabExecution, evaluate_json_path_js, evaluate_jsonata_js, run_js, test_state_js,
    validate_js,
};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const HANDLER: &str = include_str!("../../../tests/data/lab/hello_step_function.py");
const DEFINITION: &str = include_str!("../../../tests/data/lab/simple_lab.asl.json");
const LEGACY_DEFINITION: &str = include_str!("../../../tests/data/lab/simple_lab_legacy.asl.json");

/// A JSON value as JavaScript has it.
fn js(value: &Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).expect("valid JSON")
}

/// A JavaScript value as JSON (`undefined` as `None`).
fn rs(value: &JsValue) -> Option<Value> {
    if value.is_undefined() {
        return None;
    }
    let text = js_sys::JSON::stringify(value).expect("JSON-able").as_string()?;
    Some(serde_json::from_str(&text).expect("JSON text"))
}

/// A thrown JavaScript `Error`'s message and its own properties.
fn thrown(error: &JsValue) -> (String, Value) {
    let message = js_sys::Reflect::get(error, &"message".into()).ok().and_then(|m| m.as_string());
    (message.expect("an Error with a message"), rs(error).unwrap_or(Value::Null))
}

fn lab_request(definition: &str) -> Value {
    json!({
        "definition": definition,
        "input": {},
        "functions": {"HelloStepFunction": {"code": HANDLER, "handler": "hello_step_function.lambda_handler"}},
        "stateMachineName": "SimpleLab",
        "name": "lab-run",
        "seed": 1,
        "startMillis": 1_764_072_000_000_i64
    })
}

fn types(history: &Value) -> Vec<&str> {
    history.as_array().expect("events").iter().filter_map(|e| e["type"].as_str()).collect()
}

#[wasm_bindgen_test]
fn lab_runs_with_its_python_handler() {
    let result = rs(&run_js(js(&lab_request(DEFINITION))).expect("runs")).expect("a result");
    assert_eq!(result["status"], "SUCCEEDED");
    assert_eq!(
        result["output"],
        json!({"statusCode": 200, "message": "Hello from Step Function!"})
    );
    assert_eq!(
        result["executionArn"],
        "arn:aws:states:ca-central-1:123456789012:execution:SimpleLab:lab-run"
    );
    assert_eq!(
        types(&result["history"]),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskSucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ]
    );
    assert_eq!(result["history"][0]["timestamp"], "2025-11-25T12:00:00.000000+00:00");
    let log = &result["logs"][0];
    assert_eq!(log["functionName"], "HelloStepFunction");
    let first_line = log["log"].as_str().expect("log text").lines().next().unwrap_or_default();
    assert_eq!(
        first_line,
        format!(
            "START RequestId: {} Version: $LATEST",
            log["requestId"].as_str().unwrap_or_default()
        )
    );

    let legacy = rs(&run_js(js(&lab_request(LEGACY_DEFINITION))).expect("runs")).expect("a result");
    assert_eq!(legacy["output"], result["output"]);
    assert_eq!(types(&legacy["history"])[2], "LambdaFunctionScheduled");
}

#[wasm_bindgen_test]
fn failing_handler_is_caught_by_catch() {
    let definition = json!({
        "StartAt": "Divide",
        "States": {
            "Divide": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "Divide", "Payload.$": "$"},
                "Catch": [{"ErrorEquals": ["ZeroDivisionError"], "ResultPath": "$.error", "Next": "Recovered"}],
                "End": true
            },
            "Recovered": {"Type": "Pass", "End": true}
        }
    });
    let handler = "def lambda_handler(event, context):\n    return event['a'] / event['b']\n";
    let request = json!({
        "definition": definition,
        "input": {"a": 1, "b": 0},
        "functions": {"Divide": {"code": handler}}
    });
    let result = rs(&run_js(js(&request)).expect("runs")).expect("a result");
    assert_eq!(result["status"], "SUCCEEDED");
    assert_eq!(result["output"]["a"], 1);
    assert_eq!(result["output"]["error"]["Error"], "ZeroDivisionError");
    // the Cause is Lambda's error payload, as JSON text
    let cause: Value =
        serde_json::from_str(result["output"]["error"]["Cause"].as_str().expect("a cause"))
            .expect("JSON");
    assert_eq!(cause["errorType"], "ZeroDivisionError");
    assert_eq!(cause["errorMessage"], "division by zero");
    assert_eq!(
        types(&result["history"]),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskFailed",
            "TaskStateExited",
            "PassStateEntered",
            "PassStateExited",
            "ExecutionSucceeded"
        ]
    );

    // uncaught, the execution fails with the function's error
    let mut uncaught = request.clone();
    let states = &mut uncaught["definition"]["States"];
    states["Divide"].as_object_mut().map(|divide| divide.remove("Catch"));
    states.as_object_mut().map(|all| all.remove("Recovered"));
    let failed = rs(&run_js(js(&uncaught)).expect("runs")).expect("a result");
    assert_eq!(failed["status"], "FAILED");
    assert_eq!(failed["error"], "ZeroDivisionError");
    assert_eq!(failed.get("output"), None);
}

#[wasm_bindgen_test]
fn validate_gives_located_diagnostics() {
    let definition =
        "{\n  \"StartAt\": \"A\",\n  \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"B\"}}\n}";
    let diagnostics = rs(&validate_js(definition.into()).expect("validates")).expect("a list");
    assert_eq!(diagnostics.as_array().map(Vec::len), Some(1));
    let d = &diagnostics[0];
    assert_eq!(d["severity"], "ERROR");
    assert_eq!(d["code"], "MISSING_TRANSITION_TARGET");
    assert_eq!(d["location"], "/States/A/Next");
    let (start, end) =
        (d["span"]["start"].as_u64().unwrap_or(0), d["span"]["end"].as_u64().unwrap_or(0));
    #[allow(clippy::cast_possible_truncation)]
    let spanned = &definition[start as usize..end as usize];
    assert_eq!(spanned, "\"B\"");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(3), Some(44)));

    // a definition given as an object is validated too
    let valid = json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}});
    assert_eq!(rs(&validate_js(js(&valid)).expect("validates")), Some(json!([])));

    // run refuses an invalid definition with the same diagnostics
    let error = run_js(js(&json!({"definition": definition}))).expect_err("refused");
    let (message, properties) = thrown(&error);
    assert!(message.starts_with("InvalidDefinition: "), "{message}");
    assert_eq!(properties["diagnostics"], diagnostics);

    // and a malformed request names the field
    let error = run_js(js(&json!({"definition": definition, "functions": {"F": {}}})))
        .expect_err("refused");
    assert_eq!(thrown(&error).0, "functions.F.code: missing (the function's source)");
}

#[wasm_bindgen_test]
fn jsonata_and_jsonpath_evaluate() {
    let bindings = js(&json!({"states": {"input": {"items": [1, 2, 3]}}}));
    let sum = evaluate_jsonata_js("$sum($states.input.items) * 2", None, Some(bindings));
    assert_eq!(rs(&sum.expect("evaluates")), Some(json!(12)));
    let field = evaluate_jsonata_js("a.b", Some(js(&json!({"a": {"b": "x"}}))), None);
    assert_eq!(rs(&field.expect("evaluates")), Some(json!("x")));
    let missing = evaluate_jsonata_js("nothing", Some(js(&json!({}))), None).expect("evaluates");
    assert!(missing.is_undefined());
    let (message, properties) = thrown(&evaluate_jsonata_js("1 +", None, None).expect_err("bad"));
    assert_eq!(properties["code"], "S0207");
    assert_eq!(properties["position"], 3);
    assert!(message.starts_with("S0207: "), "{message}");

    let input = js(&json!({"items": [{"n": 1}, {"n": 5}]}));
    let context = js(&json!({"Execution": {"Name": "run-1"}}));
    let matches = evaluate_json_path_js("$.items[?(@.n > 2)].n", input.clone(), None);
    assert_eq!(rs(&matches.expect("evaluates")), Some(json!([5])));
    let name = evaluate_json_path_js("$$.Execution.Name", input.clone(), Some(context));
    assert_eq!(rs(&name.expect("evaluates")), Some(json!("run-1")));
    let (_, properties) = thrown(&evaluate_json_path_js("items", input, None).expect_err("bad"));
    assert_eq!(properties["code"], "INVALID_JSON_PATH");
}

#[wasm_bindgen_test]
fn stepping_goes_event_by_event_to_the_end() {
    let mut execution = StepLabExecution::new(js(&lab_request(DEFINITION))).expect("starts");
    assert_eq!(execution.status().as_string().as_deref(), Some("RUNNING"));
    assert_eq!(rs(&execution.history()), Some(json!([])));

    let mut steps: Vec<Value> = Vec::new();
    while !execution.done() {
        let step = rs(&execution.step()).expect("a step");
        assert!(
            !step["events"].as_array().is_none_or(Vec::is_empty),
            "every step shows events: {step}"
        );
        steps.push(step);
        assert!(steps.len() <= 10, "the lab ends in a few steps");
    }
    // one event per step, as the app's step debugger shows them
    assert!(steps.iter().all(|s| s["events"].as_array().map(Vec::len) == Some(1)));
    assert_eq!(types(&steps[0]["events"]), ["ExecutionStarted"]);
    assert_eq!(steps[0]["paused"]["reason"], "Event");
    assert_eq!(steps[0]["done"], false);
    let last = steps.last().expect("steps");
    assert_eq!(last["status"], "SUCCEEDED");
    assert_eq!(last["done"], true);

    // the steps' events are the whole history, and the result is what run gives
    let stepped: Vec<Value> =
        steps.iter().flat_map(|s| s["events"].as_array().cloned().unwrap_or_default()).collect();
    let result = rs(&execution.result()).expect("a result");
    assert_eq!(Value::Array(stepped), result["history"]);
    let ran = rs(&run_js(js(&lab_request(DEFINITION))).expect("runs")).expect("a result");
    assert_eq!(result["output"], ran["output"]);
    assert_eq!(types(&result["history"]), types(&ran["history"]));

    // a stopped execution is ABORTED
    let mut stopped = StepLabExecution::new(js(&lab_request(DEFINITION))).expect("starts");
    stopped.step();
    stopped.stop(Some("Stopped".into()), Some("by the test".into()));
    let result = rs(&stopped.run_to_end()).expect("a result");
    assert_eq!(
        (result["status"].as_str(), result["error"].as_str()),
        (Some("ABORTED"), Some("Stopped"))
    );
}

/// `runAsync` runs a Node.js function in a module Worker of its own, beside a Python one; an error
/// is the Node.js runtime's.
#[wasm_bindgen_test]
async fn run_async_runs_node_functions_in_workers() {
    let arn = |name: &str| format!("arn:aws:lambda:ca-central-1:123456789012:function:{name}");
    let request = json!({
        "definition": {
            "StartAt": "Node",
            "States": {
                "Node": {"Type": "Task", "Resource": arn("Greet"), "ResultPath": "$.node", "Next": "Python"},
                "Python": {"Type": "Task", "Resource": arn("HelloStepFunction"), "ResultPath": "$.python", "Next": "Fails"},
                "Fails": {"Type": "Task", "Resource": arn("Fails"), "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Done"}], "End": true},
                "Done": {"Type": "Pass", "End": true}
            }
        },
        "input": {"name": "Ada"},
        "functions": {
            "Greet": {
                "runtime": "nodejs22.x",
                "code": "export const handler = async (event) => {\n  console.log('hello', event.name);\n  return { greeting: `Hello, ${event.name}!` };\n};\n"
            },
            "Fails": {
                "runtime": "nodejs20.x",
                "fileName": "index.js",
                "code": "exports.handler = async () => { throw new RangeError('too far'); };\n"
            },
            "HelloStepFunction": {"code": HANDLER, "handler": "hello_step_function.lambda_handler"}
        }
    });
    let promise = steplab_wasm::js::run_async_js(js(&request));
    let result = wasm_bindgen_futures::JsFuture::from(promise).await.expect("the run starts");
    let result = rs(&result).expect("a result");
    assert_eq!(result["status"], "SUCCEEDED", "{result:#}");
    assert_eq!(result["output"]["node"], json!({"greeting": "Hello, Ada!"}));
    assert_eq!(result["output"]["python"]["statusCode"], 200);
    assert_eq!(result["output"]["error"]["Error"], "RangeError");
    let log = result["logs"][0]["log"].as_str().unwrap_or_default();
    assert!(log.contains("\tINFO\thello Ada\n"), "{log}");
}

#[wasm_bindgen_test]
fn test_state_takes_and_gives_aws_json() {
    let request = json!({
        "definition": {"Type": "Map", "ItemsPath": "$.items", "ItemSelector": {"v.$": "$$.Map.Item.Value"},
            "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "Next": "Done"},
        "input": "{\"items\": [1, 2]}",
        "inspectionLevel": "DEBUG",
        "mock": {"result": "[10, 20]"}
    });
    let response = rs(&test_state_js(js(&request)).expect("a response")).expect("JSON");
    assert_eq!(response["status"], "SUCCEEDED");
    assert_eq!(response["output"], "[10,20]");
    assert_eq!(response["nextState"], "Done");
    assert_eq!(response["inspectionData"]["afterItemSelector"], "[{\"v\":1},{\"v\":2}]");
    // a Map is tested only with a mock: AWS's ValidationException, as the Error's name and code
    let refused =
        test_state_js(js(&json!({"definition": request["definition"]}))).expect_err("refused");
    let (_, props) = thrown(&refused);
    assert_eq!(props["code"], "ValidationException");
    let name = js_sys::Reflect::get(&refused, &"name".into()).ok().and_then(|n| n.as_string());
    assert_eq!(name.as_deref(), Some("ValidationException"));
}
