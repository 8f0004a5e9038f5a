//! The resource a Task state touched, from its `Resource` and the parameters it was scheduled
//! with (the `TaskScheduled` event's): the table, queue, topic, bucket, state machine or function,
//! as a link to its page in the console.

use serde_json::Value;

use crate::route::Route;

/// The last part of an ARN or a queue URL (`…:orders`, `…/123456789012/shipping`).
fn last_part(text: &str) -> &str {
    text.rsplit([':', '/']).next().unwrap_or(text)
}

fn member<'v>(parameters: &'v Value, pascal: &str) -> Option<&'v str> {
    let camel = format!("{}{}", pascal[..1].to_ascii_lowercase(), &pascal[1..]);
    parameters.get(pascal).or_else(|| parameters.get(&camel)).and_then(Value::as_str)
}

/// The page of what the Task on `resource` with `parameters` touched, and its label ("table
/// Orders"); `None` when it names none StepLab has a page for.
pub fn touched(resource: &str, parameters: &Value) -> Option<(Route, String)> {
    // a Lambda function by its ARN (the legacy form)
    if let Some((_, function)) = resource.split_once(":function:") {
        let name = function.split(':').next().unwrap_or(function).to_owned();
        return Some((Route::Function { name: name.clone() }, format!("function {name}")));
    }
    let rest = resource.strip_prefix("arn:aws:states:::")?;
    let rest = rest.strip_prefix("aws-sdk:").unwrap_or(rest);
    let service = rest.split(':').next()?;
    match service {
        "dynamodb" => member(parameters, "TableName")
            .map(|t| (Route::Table { name: t.to_owned() }, format!("table {t}"))),
        "sqs" => member(parameters, "QueueUrl").map(|u| {
            let name = last_part(u).to_owned();
            (Route::Queue { name: name.clone() }, format!("queue {name}"))
        }),
        "sns" => member(parameters, "TopicArn").map(|a| {
            let name = last_part(a).to_owned();
            (Route::Topic { name: name.clone() }, format!("topic {name}"))
        }),
        "s3" => member(parameters, "Bucket")
            .map(|b| (Route::Bucket { name: b.to_owned() }, format!("bucket {b}"))),
        "events" | "eventbridge" => Some((Route::Rules, "EventBridge rules".to_owned())),
        "states" | "sfn" => member(parameters, "StateMachineArn").map(|a| {
            let name = last_part(a).to_owned();
            (Route::StateMachine { name: name.clone() }, format!("state machine {name}"))
        }),
        "lambda" => member(parameters, "FunctionName").map(|f| {
            // a name, a partial ARN or an ARN, with or without a qualifier
            let name = match f.split_once(":function:") {
                Some((_, rest)) => rest.split(':').next().unwrap_or(rest),
                None => f.split(':').next().unwrap_or(f),
            }
            .to_owned();
            (Route::Function { name: name.clone() }, format!("function {name}"))
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn each_integration_names_its_resource() {
        let cases = [
            ("arn:aws:states:::dynamodb:getItem", json!({"TableName": "Orders"}), "table Orders"),
            (
                "arn:aws:states:::aws-sdk:sqs:sendMessage",
                json!({"QueueUrl": "https://sqs.ca-central-1.amazonaws.com/123456789012/shipping"}),
                "queue shipping",
            ),
            (
                "arn:aws:states:::sns:publish.waitForTaskToken",
                json!({"TopicArn": "arn:aws:sns:ca-central-1:123456789012:orders"}),
                "topic orders",
            ),
            (
                "arn:aws:states:::aws-sdk:s3:getObject",
                json!({"Bucket": "reports"}),
                "bucket reports",
            ),
            (
                "arn:aws:states:::states:startExecution.sync:2",
                json!({"StateMachineArn": "arn:aws:states:ca-central-1:123456789012:stateMachine:Ship"}),
                "state machine Ship",
            ),
            (
                "arn:aws:states:::lambda:invoke",
                json!({"FunctionName": "arn:aws:lambda:ca-central-1:123456789012:function:Hello:$LATEST"}),
                "function Hello",
            ),
            (
                "arn:aws:lambda:ca-central-1:123456789012:function:Hello",
                json!(null),
                "function Hello",
            ),
        ];
        for (resource, parameters, label) in cases {
            assert_eq!(
                touched(resource, &parameters).map(|t| t.1).as_deref(),
                Some(label),
                "{resource}"
            );
        }
        assert_eq!(touched("arn:aws:states:::ecs:runTask", &json!({})), None);
        assert_eq!(touched("arn:aws:states:::dynamodb:getItem", &json!({})), None);
    }
}
