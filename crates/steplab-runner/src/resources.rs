//! The AWS resources a run starts with (`steplab run --resources FILE`, the JavaScript API's
//! `resources`): either a list of service calls applied in order, in AWS's own shapes,
//!
//! ```json
//! [{"service": "dynamodb", "operation": "CreateTable", "input": {"TableName": "Orders", …}},
//!  {"service": "dynamodb", "operation": "PutItem", "input": {"TableName": "Orders", "Item": {…}}},
//!  {"service": "sqs", "operation": "CreateQueue", "input": {"QueueName": "jobs"}},
//!  {"service": "s3", "operation": "CreateBucket", "input": {"Bucket": "reports"}},
//!  {"service": "sns", "operation": "Subscribe", "input": {"TopicArn": "…", "Protocol": "sqs", "Endpoint": "…"}}]
//! ```
//!
//! (service `dynamodb`, `sqs`, `sns`, `s3` or `events`; operation and members as the API names
//! them), or the services' whole state as a run saved it (`--save-resources`: a JSON object).

use serde_json::Value;
use steplab_services::{Context, Services};

use crate::arn::Partition;

/// The services `seed` describes (see the module's documentation), the calls made at
/// `now_millis` in `partition`. `Err` names the call that failed and why.
pub fn seed(seed: &Value, partition: &Partition, now_millis: i64) -> Result<Services, String> {
    match seed {
        Value::Object(_) => serde_json::from_value(seed.clone())
            .map_err(|e| format!("not a saved state of the services: {e}")),
        Value::Array(calls) => {
            let mut services = Services::default();
            let context = Context {
                now_millis,
                region: partition.region.clone(),
                account: partition.account.clone(),
            };
            for (i, call) in calls.iter().enumerate() {
                let field = |k: &str| call.get(k).and_then(Value::as_str);
                let (Some(service), Some(operation)) = (field("service"), field("operation"))
                else {
                    return Err(format!(
                        "[{i}]: expected {{\"service\", \"operation\", \"input\"}}"
                    ));
                };
                let input = call.get("input").cloned().unwrap_or(Value::Object(Default::default()));
                services
                    .call(service, operation, &input, &context)
                    .map_err(|e| format!("[{i}] {service} {operation}: {e}"))?;
            }
            Ok(services)
        }
        _ => Err("expected a list of service calls or a saved state (an object)".into()),
    }
}
