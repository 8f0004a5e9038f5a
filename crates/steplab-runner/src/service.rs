//! Documented responses of the AWS service integrations the Workflow Studio catalogue offers: the
//! starting answers of a state machine's mock configuration (the Mocks panel), and what the
//! integrations StepLab's services do not carry out (ECS `runTask`, Glue `startJobRun`) return
//! unless the mock configuration (`MockConfigFile` format) says otherwise. The integrations the
//! in-memory services carry out (DynamoDB, SQS, SNS, S3, EventBridge, `states:startExecution`)
//! always call them (see [`crate::integrations`]). Each is the service API's documented response
//! for a successful call (the ids fresh from the run's seeded generator), with the
//! `SdkHttpMetadata`/`SdkResponseMetadata` Step Functions adds to AWS SDK results reduced to the
//! status code and request id (AWS also lists the HTTP headers, which are not recorded here).

use serde_json::{Value, json};

use crate::arn::Partition;
use crate::ids::Ids;

/// The integrations that have a default response, as `Resource` ARNs.
pub const DEFAULT_MOCKED: [&str; 8] = [
    "arn:aws:states:::sns:publish",
    "arn:aws:states:::sqs:sendMessage",
    "arn:aws:states:::dynamodb:putItem",
    "arn:aws:states:::dynamodb:getItem",
    "arn:aws:states:::ecs:runTask",
    "arn:aws:states:::states:startExecution",
    "arn:aws:states:::glue:startJobRun",
    "arn:aws:states:::events:putEvents",
];

fn metadata(ids: &mut Ids) -> (Value, Value) {
    (json!({"HttpStatusCode": 200}), json!({"RequestId": ids.uuid()}))
}

/// The default response of a successful call to `resource` with `parameters`, or `None` when
/// StepLab has no default for that integration (it must then be mocked).
pub fn default_response(
    resource: &str,
    parameters: &Value,
    partition: &Partition,
    start_millis: i64,
    ids: &mut Ids,
) -> Option<Value> {
    let mut body = match resource {
        // SNS Publish: PublishResponse
        "arn:aws:states:::sns:publish" => json!({"MessageId": ids.uuid()}),
        // SQS SendMessage: SendMessageResult (MD5OfMessageBody is left out: not computed here)
        "arn:aws:states:::sqs:sendMessage" => json!({"MessageId": ids.uuid()}),
        // DynamoDB PutItem without ReturnValues: an empty PutItemOutput
        "arn:aws:states:::dynamodb:putItem" => json!({}),
        // DynamoDB GetItem of a key that is not in the table: no Item
        "arn:aws:states:::dynamodb:getItem" => json!({}),
        // ECS RunTask (request-response): the started task list, empty here
        "arn:aws:states:::ecs:runTask" => json!({"Failures": [], "Tasks": []}),
        // Step Functions StartExecution: ExecutionArn and StartDate (epoch milliseconds)
        "arn:aws:states:::states:startExecution" => {
            let name = parameters
                .get("Name")
                .and_then(Value::as_str)
                .map_or_else(|| ids.uuid(), str::to_owned);
            // the child's execution ARN is in the region and account of its state machine
            let execution_arn = match parameters.get("StateMachineArn").and_then(Value::as_str) {
                Some(arn) if arn.contains(":stateMachine:") => {
                    format!("{}:{name}", arn.replacen(":stateMachine:", ":execution:", 1))
                }
                other => {
                    let machine = other
                        .and_then(|a| a.rsplit(':').next())
                        .filter(|n| !n.is_empty())
                        .unwrap_or("StateMachine");
                    partition.execution_arn(machine, &name)
                }
            };
            json!({"ExecutionArn": execution_arn, "StartDate": start_millis})
        }
        // Glue StartJobRun: a JobRunId of the form jr_<64 hex digits>
        "arn:aws:states:::glue:startJobRun" => {
            let hex: String =
                (0..4).map(|_| format!("{:016x}", ids.next_u64())).collect::<String>();
            return Some(json!({"JobRunId": format!("jr_{hex}")}));
        }
        // EventBridge PutEvents: one EventId per entry, none failed
        "arn:aws:states:::events:putEvents" => {
            let n = parameters.get("Entries").and_then(Value::as_array).map_or(1, Vec::len);
            let entries: Vec<Value> = (0..n).map(|_| json!({"EventId": ids.uuid()})).collect();
            json!({"Entries": entries, "FailedEntryCount": 0})
        }
        _ => return None,
    };
    let (http, response) = metadata(ids);
    if let Value::Object(m) = &mut body {
        m.insert("SdkHttpMetadata".into(), http);
        m.insert("SdkResponseMetadata".into(), response);
    }
    Some(body)
}

/// The cause of the failure of a Task on an integration that has neither a mock nor a default.
pub fn unmocked_cause(resource: &str, state_name: &str) -> String {
    format!(
        "StepLab calls no AWS service: the resource '{resource}' of the state '{state_name}' needs a mocked response (add one in the state machine's Mocks)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let p = Partition::default();
        let mut ids = Ids::new(7);
        for r in DEFAULT_MOCKED {
            let v = default_response(r, &json!({}), &p, 0, &mut ids).expect("a default");
            assert!(v.is_object(), "{r}");
        }
        let sns = default_response(DEFAULT_MOCKED[0], &json!({}), &p, 0, &mut ids).unwrap();
        assert_eq!(sns["MessageId"].as_str().map(str::len), Some(36));
        assert_eq!(sns["SdkHttpMetadata"]["HttpStatusCode"], 200);
        let start = default_response(
            "arn:aws:states:::states:startExecution",
            &json!({"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Child"}),
            &p,
            1_700_000_000_000,
            &mut ids,
        )
        .unwrap();
        let arn = start["ExecutionArn"].as_str().unwrap();
        assert!(arn.starts_with("arn:aws:states:us-east-1:123456789012:execution:Child:"), "{arn}");
        assert_eq!(start["StartDate"], 1_700_000_000_000_i64);
        let events = default_response(
            "arn:aws:states:::events:putEvents",
            &json!({"Entries": [{}, {}, {}]}),
            &p,
            0,
            &mut ids,
        )
        .unwrap();
        assert_eq!(events["Entries"].as_array().map(Vec::len), Some(3));
        let glue =
            default_response("arn:aws:states:::glue:startJobRun", &json!({}), &p, 0, &mut ids)
                .unwrap();
        assert_eq!(glue["JobRunId"].as_str().map(str::len), Some(67));
        assert_eq!(
            default_response("arn:aws:states:::batch:submitJob", &json!({}), &p, 0, &mut ids),
            None
        );
    }
}
