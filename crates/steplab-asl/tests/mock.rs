//! A MockConfigFile drives an execution: each Task invocation is answered by the test case's
//! mocked response for that state and attempt (Step Functions Local's format).

use serde_json::json;
use steplab_asl::{Execution, ExecutionStatus, MockConfig, StartExecution, Step};

const CONFIG: &str = r#"{
  "StateMachines": {
    "LambdaSQSIntegration": {
      "TestCases": {
        "HappyPath": {"LambdaState": "MockedLambdaSuccess", "SQSState": "MockedSQSSuccess"},
        "RetryPath": {"LambdaState": "MockedLambdaRetry", "SQSState": "MockedSQSSuccess"}
      }
    }
  },
  "MockedResponses": {
    "MockedLambdaSuccess": {"0": {"Return": {"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}}},
    "MockedLambdaRetry": {
      "0": {"Throw": {"Error": "Lambda.ResourceNotFoundException", "Cause": "Lambda resource is not found."}},
      "1-2": {"Throw": {"Error": "Lambda.TimeoutException", "Cause": "Lambda timed out."}},
      "3": {"Return": {"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}}
    },
    "MockedSQSSuccess": {"0": {"Return": {"MD5OfMessageBody": "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51", "MessageId": "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"}}}
  }
}"#;

const DEFINITION: &str = r#"{"StartAt": "LambdaState", "States": {
  "LambdaState": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
    "Parameters": {"FunctionName": "HelloWorldFunction", "Payload.$": "$"},
    "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2}],
    "ResultSelector": {"body.$": "$.Payload.body"}, "Next": "SQSState"},
  "SQSState": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
    "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/myQueue", "MessageBody.$": "$.body"}, "End": true}}}"#;

fn run(test_case: &str) -> (Execution, usize) {
    let config = MockConfig::parse(CONFIG).unwrap();
    let mut mocks = config.test_case("LambdaSQSIntegration", test_case).unwrap();
    let machine = steplab_asl::parse(DEFINITION).machine.unwrap();
    let mut exec = Execution::new(
        machine,
        json!({}),
        StartExecution::new("LambdaSQSIntegration", "m", "us-east-1", "123456789012", 0, 5),
    );
    let (mut now, mut calls) = (0, 0);
    loop {
        match exec.step(now) {
            Step::Task(t) => {
                calls += 1;
                let outcome = mocks.answer(&t.state_name).expect("every task is mocked");
                exec.complete_task(t.id, outcome, now);
            }
            Step::Wait { until_millis } => now = until_millis,
            Step::Pending => panic!("nothing outstanding"),
            Step::Done => return (exec, calls),
        }
    }
}

#[test]
fn happy_path() {
    let (exec, calls) = run("HappyPath");
    assert_eq!(calls, 2);
    assert_eq!(
        exec.status(),
        &ExecutionStatus::Succeeded {
            output: json!({"MD5OfMessageBody": "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51", "MessageId": "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"})
        }
    );
}

#[test]
fn retry_path_uses_attempt_ranges() {
    let (exec, calls) = run("RetryPath");
    assert_eq!(calls, 5, "four Lambda attempts (0, 1-2, 3) and one SQS call");
    assert!(matches!(exec.status(), ExecutionStatus::Succeeded { .. }));
    let failed: Vec<String> = exec
        .history()
        .iter()
        .filter(|e| e.kind == "TaskFailed")
        .map(|e| e.details()["error"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        failed,
        ["Lambda.ResourceNotFoundException", "Lambda.TimeoutException", "Lambda.TimeoutException"]
    );
    // back-off 2 s, 4 s, 8 s on the virtual clock
    assert_eq!(exec.history().last().map(|e| e.timestamp_millis), Some(14_000));
}
