//! The `steplab` binary, run as a user runs it.

use std::path::PathBuf;
use std::process::{Command, Output};

fn data(name: &str) -> String {
    let p: PathBuf =
        [env!("CARGO_MANIFEST_DIR"), "..", "..", "tests", "data", "lab", name].iter().collect();
    p.display().to_string()
}

fn steplab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_steplab")).args(args).output().expect("the binary runs")
}

fn temp_file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("steplab-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn runs_the_lab_and_prints_its_output() {
    let function = format!("HelloStepFunction={}", data("hello_step_function.py"));
    let o =
        steplab(&["run", &data("simple_lab.asl.json"), "--input", "{}", "--function", &function]);
    assert!(o.status.success(), "{}", stderr(&o));
    let output: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        output,
        serde_json::json!({"statusCode": 200, "message": "Hello from Step Function!"})
    );
}

#[test]
fn prints_the_history() {
    let function = format!("HelloStepFunction={}", data("hello_step_function.py"));
    let o = steplab(&[
        "run",
        &data("simple_lab_legacy.asl.json"),
        "--function",
        &function,
        "--history",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let history: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let types: Vec<&str> =
        history["events"].as_array().unwrap().iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "LambdaFunctionScheduled",
            "LambdaFunctionStarted",
            "LambdaFunctionSucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ]
    );
    assert_eq!(history["events"][0]["id"], 1);
    assert_eq!(history["events"][2]["previousEventId"], 2);
}

#[test]
fn a_failed_execution_prints_error_and_cause_and_exits_non_zero() {
    let handler =
        temp_file("raise.py", "def lambda_handler(event, context):\n    raise Exception('boom')\n");
    let function = format!("HelloStepFunction={handler}");
    let o = steplab(&["run", &data("simple_lab.asl.json"), "--function", &function]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("Error: Exception"), "{err}");
    assert!(err.contains("\"errorMessage\": \"boom\""), "{err}");
    assert!(stdout(&o).is_empty());
}

#[test]
fn a_python_syntax_error_fails_the_execution() {
    let handler = temp_file("syntax.py", "def lambda_handler(event, context)\n    return 1\n");
    let function = format!("HelloStepFunction={handler}");
    let o = steplab(&["run", &data("simple_lab.asl.json"), "--function", &function]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("Error: Runtime.UserCodeSyntaxError"), "{}", stderr(&o));
}

#[test]
fn bad_definitions_and_inputs_are_located() {
    let broken = temp_file("broken.json", "{\n  \"StartAt\": \"A\",\n  \"States\": {\n");
    let o = steplab(&["run", &broken]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("broken.json:"), "{}", stderr(&o));

    let unknown_next = temp_file(
        "next.json",
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}"#,
    );
    let o = steplab(&["run", &unknown_next]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("Nowhere"), "{}", stderr(&o));

    let no_start = temp_file("nostart.json", r#"{"States": {"A": {"Type": "Pass", "End": true}}}"#);
    let o = steplab(&["run", &no_start]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("StartAt"), "{}", stderr(&o));

    let o = steplab(&["run", &data("simple_lab.asl.json"), "--input", "{\"a\": }"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--input: invalid JSON at line 1, column 7"), "{}", stderr(&o));
}

#[test]
fn json_report_and_mocks() {
    let mocks = temp_file(
        "mocks.json",
        r#"{
  "StateMachines": {"SimpleLab": {"TestCases": {"Throttled": {"Lambda Invoke": "ThrottledThenOk"}}}},
  "MockedResponses": {
    "ThrottledThenOk": {
      "0": {"Throw": {"Error": "Lambda.TooManyRequestsException", "Cause": "Rate exceeded"}},
      "1": {"Return": {"StatusCode": 200, "Payload": {"mocked": true}}}
    }
  }
}"#,
    );
    let o = steplab(&[
        "run",
        &data("simple_lab.asl.json"),
        "--state-machine-name",
        "SimpleLab",
        "--mock-config",
        &mocks,
        "--test-case",
        "Throttled",
        "--json",
        "--history",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(report["status"], "SUCCEEDED");
    assert_eq!(report["output"], serde_json::json!({"mocked": true}));
    // the lab's retrier retried the throttled attempt
    let failed =
        report["history"].as_array().unwrap().iter().filter(|e| e["type"] == "TaskFailed").count();
    assert_eq!(failed, 1);

    let o = steplab(&["run", &data("simple_lab.asl.json"), "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(report["status"], "FAILED");
    assert_eq!(report["error"], "Lambda.ResourceNotFoundException");
}

#[test]
fn a_function_file_is_served_under_its_own_name_with_its_handler() {
    let code = temp_file(
        "greeter.py",
        "import greeter\n\ndef greet(event, context):\n    return {'file': __file__, 'same_module': greeter.greet is greet}\n",
    );
    let o = steplab(&[
        "run",
        &data("simple_lab.asl.json"),
        "--function",
        &format!("HelloStepFunction={code}:greeter.greet"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let output: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(output, serde_json::json!({"file": "/var/task/greeter.py", "same_module": true}));

    // without a handler, FILE.lambda_handler
    let o = steplab(&[
        "run",
        &data("simple_lab.asl.json"),
        "--function",
        &format!("HelloStepFunction={code}"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("Runtime.HandlerNotFound"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("Handler 'lambda_handler' missing on module 'greeter'"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_function_named_in_another_account_and_region_is_served_by_its_name() {
    let function = format!("HelloStepFunction={}", data("hello_step_function.py"));
    for resource in [
        "arn:aws:lambda:us-east-1:111111111111:function:HelloStepFunction",
        "arn:aws:lambda:eu-west-1:222222222222:function:HelloStepFunction:$LATEST",
        "333333333333:function:HelloStepFunction",
        "HelloStepFunction:$LATEST",
    ] {
        let definition = serde_json::json!({"StartAt": "T", "States": {"T": {"Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": resource, "Payload.$": "$"}, "End": true}}});
        let path = temp_file("foreign.asl.json", &definition.to_string());
        let o = steplab(&[
            "run",
            &path,
            "--function",
            &function,
            "--json",
            "--history",
            "--account",
            "444455556666",
            "--region",
            "ap-south-1",
        ]);
        assert!(o.status.success(), "{resource}: {}{}", stdout(&o), stderr(&o));
        let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(report["output"]["Payload"]["statusCode"], 200, "{resource}");
        // the execution's own ARNs are in the account and region given
        let started = &report["history"][0]["executionStartedEventDetails"];
        assert_eq!(
            started["roleArn"].as_str().map(|r| r.starts_with("arn:aws:iam::444455556666:")),
            Some(true),
            "{started}"
        );
    }
    // a function not given is not found, named as the Task names it
    let definition = serde_json::json!({"StartAt": "T", "States": {"T": {"Type": "Task",
        "Resource": "arn:aws:lambda:us-east-1:111111111111:function:Other", "End": true}}});
    let path = temp_file("missing.asl.json", &definition.to_string());
    let o = steplab(&["run", &path, "--function", &function, "--json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(report["error"], "Lambda.ResourceNotFoundException");
    let cause = report["cause"].as_str().unwrap_or_default();
    assert!(
        cause.starts_with(
            "Function not found: arn:aws:lambda:us-east-1:111111111111:function:Other:$LATEST"
        ),
        "{cause}"
    );
    let o = steplab(&["run", &path, "--account", "12345"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("twelve digits"), "{}", stderr(&o));
}

#[test]
fn log_type_tail_returns_the_log_result() {
    let function = format!("HelloStepFunction={}", data("hello_step_function.py"));
    let definition = serde_json::json!({"StartAt": "T", "States": {"T": {"Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "HelloStepFunction", "LogType": "Tail", "Payload": {}},
        "End": true}}});
    let path = temp_file("tail.asl.json", &definition.to_string());
    let o = steplab(&["run", &path, "--function", &function]);
    assert!(o.status.success(), "{}", stderr(&o));
    let output: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    use base64::Engine;
    let log = base64::engine::general_purpose::STANDARD
        .decode(output["LogResult"].as_str().expect("LogResult"))
        .expect("base64");
    let log = String::from_utf8(log).expect("text");
    assert!(log.starts_with("START RequestId: "), "{log}");
    assert!(log.contains("REPORT RequestId: "), "{log}");
}

#[test]
fn express_executions_have_the_express_arn_and_refuse_callbacks() {
    let definition = serde_json::json!({"StartAt": "Id", "States": {"Id": {"Type": "Pass",
        "Parameters": {"id.$": "$$.Execution.Id", "name.$": "$$.Execution.Name"}, "End": true}}});
    let path = temp_file("express.asl.json", &definition.to_string());
    let o = steplab(&[
        "run",
        &path,
        "--type",
        "EXPRESS",
        "--name",
        "quick",
        "--state-machine-name",
        "Fast",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let output: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let id = output["id"].as_str().unwrap_or_default();
    let parts: Vec<&str> = id.split(':').collect();
    assert_eq!(
        parts[..8],
        ["arn", "aws", "states", "ca-central-1", "123456789012", "express", "Fast", "quick"],
        "{id}"
    );
    assert_eq!(parts.get(8).map(|p| p.len()), Some(36), "{id}");
    assert_eq!(output["name"], "quick");
    // the same definition as a Standard execution
    let o = steplab(&["run", &path, "--name", "quick", "--state-machine-name", "Fast"]);
    let output: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(output["id"], "arn:aws:states:ca-central-1:123456789012:execution:Fast:quick");
    // an Express state machine cannot wait for a task token
    let callback = serde_json::json!({"StartAt": "T", "States": {"T": {"Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"QueueUrl": "q", "MessageBody.$": "$$.Task.Token"}, "End": true}}});
    let path = temp_file("callback.asl.json", &callback.to_string());
    let o = steplab(&["run", &path, "--type", "EXPRESS"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn a_node_function_runs_in_node_with_the_runtime_s_log_lines() {
    let code = "export const handler = async (event, context) => {\n  console.log('event', event, context.functionName);\n  return { statusCode: 200, message: 'Hello from Step Function!' };\n};\n";
    let function = format!("HelloStepFunction={}", temp_file("index.mjs", code));
    let o = steplab(&[
        "run",
        &data("simple_lab.asl.json"),
        "--input",
        "{\"x\": 1}",
        "--function",
        &function,
        "--logs",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let output: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        output,
        serde_json::json!({"statusCode": 200, "message": "Hello from Step Function!"})
    );
    let log = stderr(&o);
    assert!(log.contains("START RequestId: "), "{log}");
    // the Node.js runtime's line: time, request id, level, util.format's text
    let line = log.lines().find(|l| l.contains("\tINFO\t")).unwrap_or_else(|| panic!("{log}"));
    assert!(line.ends_with("\tINFO\tevent { x: 1 } HelloStepFunction"), "{line}");
    assert!(log.contains("REPORT RequestId: "), "{log}");
}

#[test]
fn a_node_function_that_throws_fails_the_task_with_the_runtime_s_error() {
    let code = "exports.handler = async () => { throw new TypeError('bad input'); };\n";
    let function = format!("HelloStepFunction={}", temp_file("index.js", code));
    let o =
        steplab(&["run", &data("simple_lab.asl.json"), "--input", "{}", "--function", &function]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("TypeError"), "{err}");
    assert!(err.contains("bad input"), "{err}");
}

#[test]
fn resources_are_seeded_saved_and_read_back() {
    let seed = serde_json::json!([
        {"service": "dynamodb", "operation": "CreateTable", "input": {"TableName": "Orders",
         "BillingMode": "PAY_PER_REQUEST",
         "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
         "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}}
    ]);
    let seed = temp_file("seed.json", &seed.to_string());
    let put = serde_json::json!({"StartAt": "Put", "States": {"Put": {"Type": "Task",
        "Resource": "arn:aws:states:::dynamodb:putItem",
        "Parameters": {"TableName": "Orders", "Item": {"id": {"S": "o-1"}, "total": {"N": "42"}}},
        "End": true}}});
    let put = temp_file("put.asl.json", &put.to_string());
    let saved = temp_file("saved.json", "");
    let o = steplab(&["run", &put, "--resources", &seed, "--save-resources", &saved]);
    assert!(o.status.success(), "{}", stderr(&o));
    let state: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&saved).unwrap()).unwrap();
    assert!(state["dynamodb"].is_object(), "{state}");

    let get = serde_json::json!({"StartAt": "Get", "States": {"Get": {"Type": "Task",
        "Resource": "arn:aws:states:::aws-sdk:dynamodb:getItem",
        "Parameters": {"TableName": "Orders", "Key": {"id": {"S": "o-1"}}}, "End": true}}});
    let get = temp_file("get.asl.json", &get.to_string());
    let o = steplab(&["run", &get, "--resources", &saved]);
    assert!(o.status.success(), "{}", stderr(&o));
    let output: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(output, serde_json::json!({"Item": {"id": {"S": "o-1"}, "total": {"N": "42"}}}));

    // without the table: the AWS SDK integration's error
    let empty = temp_file("empty-seed.json", "[]");
    let o = steplab(&["run", &get, "--resources", &empty]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("Error: DynamoDb.ResourceNotFoundException"), "{}", stderr(&o));
    // without resources the table is not there either, as in an account without it: the
    // optimized integration's error names the service as `DynamoDB`
    let o = steplab(&["run", &get]);
    assert!(stderr(&o).contains("Error: DynamoDb.ResourceNotFoundException"), "{}", stderr(&o));
    let o = steplab(&["run", &put]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("Error: DynamoDB.ResourceNotFoundException"), "{}", stderr(&o));

    // a seed call that fails is named
    let bad =
        temp_file("bad-seed.json", r#"[{"service": "sqs", "operation": "Nope", "input": {}}]"#);
    let o = steplab(&["run", &get, "--resources", &bad]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("[0] sqs Nope"), "{}", stderr(&o));
}

#[test]
fn nested_executions_of_registered_state_machines() {
    let child = serde_json::json!({"StartAt": "Greet", "States": {"Greet": {"Type": "Pass",
        "Parameters": {"greeting.$": "States.Format('Hello, {}!', $.who)"}, "End": true}}});
    let child = temp_file("child.asl.json", &child.to_string());
    let parent = serde_json::json!({"StartAt": "Call", "States": {"Call": {"Type": "Task",
        "Resource": "arn:aws:states:::states:startExecution.sync:2",
        "Parameters": {"StateMachineArn": "arn:aws:states:ca-central-1:123456789012:stateMachine:Greeter",
                       "Input": {"who.$": "$.who"}},
        "OutputPath": "$.Output", "End": true}}});
    let parent = temp_file("parent.asl.json", &parent.to_string());
    let o = steplab(&[
        "run",
        &parent,
        "--input",
        r#"{"who": "Ada"}"#,
        "--state-machine",
        &format!("Greeter={child}"),
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(report["output"], serde_json::json!({"greeting": "Hello, Ada!"}));
    assert_eq!(report["startedExecutions"][0]["Status"], "SUCCEEDED");
}

fn scenario(name: &str) -> String {
    let p: PathBuf = [env!("CARGO_MANIFEST_DIR"), "..", "..", "tests", "data", "scenario", name]
        .iter()
        .collect();
    p.display().to_string()
}

#[test]
fn the_order_scenario_stores_reads_notifies_and_ships() {
    let saved = temp_file("scenario-end.json", "");
    let function = format!("StoreOrder={}", scenario("store_order.py"));
    let child = format!("Ship={}", scenario("ship.asl.json"));
    let o = steplab(&[
        "run",
        &scenario("order.asl.json"),
        "--input",
        r#"{"orderId": "o-1", "total": 42}"#,
        "--function",
        &function,
        "--state-machine",
        &child,
        "--resources",
        &scenario("resources.json"),
        "--save-resources",
        &saved,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // the child's output ends in the output; the item the function stored with boto3 was read back
    let output: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(output, serde_json::json!({"orderId": "o-1", "total": 42, "shipped": true}));
    // the SNS message reached the queue subscribed to the topic (raw delivery)
    let seed = std::fs::read_to_string(&saved).unwrap();
    let receive = serde_json::json!({"StartAt": "Receive", "States": {"Receive": {"Type": "Task",
        "Resource": "arn:aws:states:::aws-sdk:sqs:receiveMessage",
        "Parameters": {"QueueUrl": "https://sqs.ca-central-1.amazonaws.com/123456789012/shipping"},
        "End": true}}});
    let receive = temp_file("receive.asl.json", &receive.to_string());
    let seed = temp_file("scenario-seed.json", &seed);
    let o = steplab(&["run", &receive, "--resources", &seed]);
    assert!(o.status.success(), "{}", stderr(&o));
    let received: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let body: serde_json::Value =
        serde_json::from_str(received["Messages"][0]["Body"].as_str().unwrap()).unwrap();
    assert_eq!(body, serde_json::json!({"orderId": "o-1", "total": 42, "status": "NEW"}));
    // a Distributed Map read the order's lines from the CSV object in S3 and stored each one
    let lines = serde_json::json!({"StartAt": "A", "States": {
        "A": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
              "Parameters": {"TableName": "OrderLines", "Key": {"sku": {"S": "A-1"}}},
              "ResultSelector": {"item.$": "$.Item"}, "ResultPath": "$.a", "Next": "B"},
        "B": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
              "Parameters": {"TableName": "OrderLines", "Key": {"sku": {"S": "B-7"}}},
              "ResultSelector": {"item.$": "$.Item"}, "ResultPath": "$.b", "End": true}}});
    let lines = temp_file("lines.asl.json", &lines.to_string());
    let o = steplab(&["run", &lines, "--resources", &seed]);
    assert!(o.status.success(), "{}", stderr(&o));
    let stored: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        stored,
        serde_json::json!({
            "a": {"item": {"sku": {"S": "A-1"}, "orderId": {"S": "o-1"}, "qty": {"N": "2"}}},
            "b": {"item": {"sku": {"S": "B-7"}, "orderId": {"S": "o-1"}, "qty": {"N": "1"}}}
        })
    );
}

#[test]
fn the_order_scenario_runs_with_a_node_function_and_the_aws_sdk_for_javascript() {
    let function = format!("StoreOrder={}", scenario("store_order.mjs"));
    let child = format!("Ship={}", scenario("ship.asl.json"));
    let o = steplab(&[
        "run",
        &scenario("order.asl.json"),
        "--input",
        r#"{"orderId": "o-1", "total": 7}"#,
        "--function",
        &function,
        "--state-machine",
        &child,
        "--resources",
        &scenario("resources.json"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // the item the function stored with the SDK's document client was read back by the next state
    let output: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(output["orderId"], "o-1");
    assert_eq!(output["total"], 7);
    assert_eq!(output["shipped"], true);
}

#[test]
fn runtime_chooses_the_python_version() {
    let code = "import os\n\ntype Greeting = str\n\ndef lambda_handler(event, context):\n    return {'statusCode': 200, 'message': os.environ['AWS_EXECUTION_ENV'] + ' é'}\n";
    let handler = temp_file("typed.py", code);
    let function = format!("HelloStepFunction={handler}");
    let lab = data("simple_lab.asl.json");
    // python3.11 by default: the `type` statement is Python 3.12's
    let o = steplab(&["run", &lab, "--function", &function]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("Error: Runtime.UserCodeSyntaxError"), "{}", stderr(&o));
    let o = steplab(&["run", &lab, "--function", &function, "--runtime", "python3.12"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let output: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(output["message"], "AWS_Lambda_python3.12 é");
    // the console's name is read too
    let o = steplab(&["run", &lab, "--function", &function, "--runtime", "Python 3.14"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // a deprecated runtime runs on the nearest one StepLab offers, and says so
    let plain = temp_file(
        "plain.py",
        "import os\n\ndef lambda_handler(event, context):\n    return os.environ['AWS_EXECUTION_ENV']\n",
    );
    let function = format!("HelloStepFunction={plain}");
    let o = steplab(&["run", &lab, "--function", &function, "--runtime", "python3.9"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "\"AWS_Lambda_python3.11\"");
    assert!(
        stderr(&o).contains(
            "Python 3.9 is not a runtime StepLab offers: the function runs on Python 3.11"
        ),
        "{}",
        stderr(&o)
    );
    // a runtime of another language is refused
    let o = steplab(&["run", &lab, "--function", &function, "--runtime", "nodejs22.x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--runtime nodejs22.x: not a runtime of plain.py (choose one of python3.14, python3.13, python3.12, python3.11)"), "{}", stderr(&o));
}
