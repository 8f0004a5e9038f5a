//! `boto3` in handlers, natively, against an [`AwsHost`] backed by StepLab's in-memory services
//! (`steplab_services::Services`); Lambda and Step Functions calls are answered by the test's host
//! as the driver would. `UPDATE_EXPECT=1` refreshes the expectations.
#![cfg(not(target_arch = "wasm32"))]

use std::cell::RefCell;
use std::rc::Rc;

use expect_test::expect;
use serde_json::{Value, json};
use steplab_lambda::{AwsError, AwsHost, ExecutionEnvironment, FunctionConfig, InvokeResult};
use steplab_services::{Context, Services};

const REQUEST_ID: &str = "21379561-8041-48e3-84a6-f6865b9c2723";

/// The services of a run, and the calls that go to the driver (Lambda, Step Functions).
#[derive(Default)]
struct Host {
    services: Services,
    driver_calls: Vec<String>,
}

impl AwsHost for Host {
    fn call(&mut self, service: &str, operation: &str, input: &Value) -> Result<Value, AwsError> {
        match service {
            "lambda" | "stepfunctions" => {
                self.driver_calls.push(format!("{service} {operation} {input}"));
                match operation {
                    "Invoke" => Ok(json!({
                        "StatusCode": 200,
                        "ExecutedVersion": "$LATEST",
                        "Payload": "{\"answer\": 42}",
                    })),
                    "StartExecution" => Ok(json!({
                        "executionArn": "arn:aws:states:us-east-1:123456789012:execution:Flow:1",
                        "startDate": 1_700_000_000.5,
                    })),
                    "DescribeExecution" => Err(AwsError {
                        code: "ExecutionDoesNotExist".into(),
                        message: "Execution Does Not Exist: 'arn:aws:states:us-east-1:123456789012:execution:Flow:missing'".into(),
                        status: 400,
                    }),
                    _ => Ok(json!({})),
                }
            }
            _ => {
                let context = Context::at(1_700_000_000_000);
                self.services
                    .call(service, operation, input, &context)
                    .map(|response| response.output)
                    .map_err(|e| AwsError { code: e.code, message: e.message, status: e.status })
            }
        }
    }
}

fn invoke_with(code: &str, host: &Rc<RefCell<Host>>) -> InvokeResult {
    let mut env = ExecutionEnvironment::new(FunctionConfig::new("Boto3", code));
    let result = env.invoke_with("{}", REQUEST_ID, host.clone());
    if let Some(init) = result.init_duration_ms {
        println!("native cold start: INIT {init:.2} ms, invoke {:.3} ms", result.duration_ms);
    }
    result
}

/// The payload with the line numbers of the SDK's frames masked (they are StepLab's, not AWS's).
fn masked(payload: &str) -> String {
    let mut out = String::new();
    let mut rest = payload;
    while let Some(at) = rest.find("/var/runtime/") {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        let Some(line) = after.find(", line ") else { break };
        let digits = after[line + 7..].find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
        out.push_str(&after[..line + 7]);
        out.push_str("<n>");
        rest = &after[line + 7 + digits..];
    }
    out.push_str(rest);
    out
}

#[test]
fn boto3_reaches_the_services() {
    let host = Rc::new(RefCell::new(Host::default()));
    let result = invoke_with(include_str!("data/boto3_handler.py"), &host);
    assert_eq!(result.function_error, None, "{}\n{}", result.payload, result.log);
    let value: Value = serde_json::from_str(&result.payload).unwrap_or_default();
    let pretty = serde_json::to_string_pretty(&value).unwrap_or_default();
    expect_test::expect_file!["data/boto3_handler.expected.json"].assert_eq(&pretty);
    expect![[r#"
        lambda Invoke {"FunctionName":"Other","Payload":"{\"x\": 1}"}
        stepfunctions StartExecution {"stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:Flow","input":"{}"}
        stepfunctions SendTaskSuccess {"taskToken":"token-1","output":"{\"ok\": true}"}
        stepfunctions DescribeExecution {"executionArn":"arn:aws:states:us-east-1:123456789012:execution:Flow:missing"}"#]]
    .assert_eq(&host.borrow().driver_calls.join("\n"));
    // what the function wrote stays in the services
    let items = host.borrow().services.dynamodb.tables.len();
    assert_eq!(items, 1);
}

#[test]
fn an_uncaught_client_error_is_the_function_error() {
    let code = "import boto3\n\
        table = boto3.resource('dynamodb').Table('Missing')\n\
        \n\
        def lambda_handler(event, context):\n\
        \x20   return table.get_item(Key={'id': '1'})\n";
    let host = Rc::new(RefCell::new(Host::default()));
    let result = invoke_with(code, &host);
    expect![[r#"{"errorMessage": "An error occurred (ResourceNotFoundException) when calling the GetItem operation: Requested resource not found", "errorType": "ResourceNotFoundException", "requestId": "21379561-8041-48e3-84a6-f6865b9c2723", "stackTrace": ["  File \"/var/task/lambda_function.py\", line 5, in lambda_handler\n    return table.get_item(Key={'id': '1'})\n", "  File \"/var/runtime/boto3/resources/factory.py\", line <n>, in get_item\n", "  File \"/var/runtime/boto3/resources/factory.py\", line <n>, in _call\n", "  File \"/var/runtime/botocore/client.py\", line <n>, in _api_call\n", "  File \"/var/runtime/botocore/client.py\", line <n>, in _make_api_call\n"]}"#]]
    .assert_eq(&masked(&result.payload));
}

#[test]
fn without_services_boto3_cannot_connect() {
    let code = "import boto3\n\
        \n\
        def lambda_handler(event, context):\n\
        \x20   boto3.client('sqs').send_message(QueueUrl='https://sqs.us-east-1.amazonaws.com/123456789012/q', MessageBody='x')\n";
    let result =
        ExecutionEnvironment::new(FunctionConfig::new("NoServices", code)).invoke("{}", REQUEST_ID);
    expect![[r#"{"errorMessage": "Could not connect to the endpoint URL: \"https://sqs.us-east-1.amazonaws.com/\"", "errorType": "EndpointConnectionError", "requestId": "21379561-8041-48e3-84a6-f6865b9c2723", "stackTrace": ["  File \"/var/task/lambda_function.py\", line 4, in lambda_handler\n    boto3.client('sqs').send_message(QueueUrl='https://sqs.us-east-1.amazonaws.com/123456789012/q', MessageBody='x')\n", "  File \"/var/runtime/botocore/client.py\", line <n>, in _api_call\n", "  File \"/var/runtime/botocore/client.py\", line <n>, in _make_api_call\n"]}"#]]
    .assert_eq(&masked(&result.payload));
}

#[test]
fn a_nested_call_through_the_same_host_is_refused() {
    struct Reentrant(Rc<RefCell<Host>>);
    impl AwsHost for Reentrant {
        fn call(&mut self, s: &str, o: &str, i: &Value) -> Result<Value, AwsError> {
            self.0.borrow_mut().call(s, o, i)
        }
    }
    // the host is borrowed only while it answers: two invocations in a row share it
    let host = Rc::new(RefCell::new(Host::default()));
    let code = "import boto3\n\
        \n\
        def lambda_handler(event, context):\n\
        \x20   boto3.client('sqs').create_queue(QueueName='q')\n\
        \x20   return len(boto3.client('sqs').list_queues()['QueueUrls'])\n";
    let mut env = ExecutionEnvironment::new(FunctionConfig::new("Twice", code));
    let shared: Rc<RefCell<dyn AwsHost>> = Rc::new(RefCell::new(Reentrant(host.clone())));
    assert_eq!(env.invoke_with("{}", REQUEST_ID, shared.clone()).payload, "1");
    assert_eq!(env.invoke_with("{}", REQUEST_ID, shared).payload, "1");
}
