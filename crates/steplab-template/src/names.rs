//! Physical names: the name a resource's property gives it, or the one StepLab gives it.
//!
//! CloudFormation names a resource whose template gives no name `<stack>-<LogicalId>-<random>`
//! (each part cut so the whole fits the service's limit; some types, state machines among them,
//! leave the stack name out — the exact forms are not documented). StepLab has no random part to
//! draw that stays the same from one import to the next, so its rule is deterministic:
//! **`<stack>-<LogicalId>`**, cut to the service's length limit (keeping the `.fifo` suffix of a
//! FIFO queue or topic), lower-cased for an S3 bucket. `Ref` and `Fn::GetAtt` resolve to that
//! same name, so everything that names the resource agrees.

use serde_json::Value;

use crate::intrinsics::{eval, eval_string};
use crate::stack::Stack;

/// The property that names a resource of type `kind`, and the service's length limit.
pub(crate) fn name_property(kind: &str) -> Option<(&'static str, usize)> {
    Some(match kind {
        "AWS::Serverless::Function" | "AWS::Lambda::Function" => ("FunctionName", 64),
        "AWS::Serverless::StateMachine" => ("Name", 80),
        "AWS::StepFunctions::StateMachine" => ("StateMachineName", 80),
        "AWS::Serverless::SimpleTable" | "AWS::DynamoDB::Table" => ("TableName", 255),
        "AWS::SQS::Queue" => ("QueueName", 80),
        "AWS::SNS::Topic" => ("TopicName", 256),
        "AWS::S3::Bucket" => ("BucketName", 63),
        "AWS::Events::Rule" => ("Name", 64),
        "AWS::Events::EventBus" => ("Name", 256),
        "AWS::IAM::Role" => ("RoleName", 64),
        "AWS::Logs::LogGroup" => ("LogGroupName", 512),
        _ => return None,
    })
}

/// The physical name of resource `logical_id`.
pub(crate) fn physical_name(stack: &Stack<'_>, logical_id: &str) -> Result<String, String> {
    let kind = stack.resource_type(logical_id).unwrap_or_default();
    let properties = stack.properties(logical_id);
    let (property, limit) = name_property(kind).unwrap_or(("", 255));
    if let Some(given) = properties.get(property) {
        let given = stack.deeper(&format!("{logical_id}.{property}"), || eval(stack, given))?;
        match given {
            Some(Value::String(s)) => return Ok(s),
            Some(Value::Number(n)) => return Ok(n.to_string()),
            // AWS::NoValue: no name given
            None | Some(Value::Null) => {}
            Some(other) => return Err(format!("{logical_id}.{property}: not a string: {other}")),
        }
    }
    let fifo_flag = match kind {
        "AWS::SQS::Queue" => Some("FifoQueue"),
        "AWS::SNS::Topic" => Some("FifoTopic"),
        _ => None,
    };
    let fifo = match fifo_flag.and_then(|f| properties.get(f)) {
        Some(v) => {
            let v = stack.deeper(logical_id, || eval_string(stack, v, logical_id))?;
            v == "true"
        }
        None => false,
    };
    Ok(generated(&stack.options.stack_name, logical_id, limit, fifo, kind == "AWS::S3::Bucket"))
}

/// `<stack>-<LogicalId>` cut to `limit` characters (`.fifo` kept), lower-cased for a bucket.
pub(crate) fn generated(
    stack: &str,
    logical_id: &str,
    limit: usize,
    fifo: bool,
    lower: bool,
) -> String {
    let suffix = if fifo { ".fifo" } else { "" };
    let mut name: String = format!("{stack}-{logical_id}");
    if lower {
        name = name.to_ascii_lowercase();
    }
    let room = limit.saturating_sub(suffix.len());
    let mut cut: String = name.chars().take(room).collect();
    if lower {
        // a bucket name ends with a letter or digit
        while cut.ends_with('-') {
            cut.pop();
        }
    }
    cut + suffix
}

#[cfg(test)]
mod tests {
    use super::generated;

    #[test]
    fn stack_dash_logical_id_within_the_limit() {
        assert_eq!(generated("app", "Orders", 255, false, false), "app-Orders");
        assert_eq!(generated("app", "Jobs", 80, true, false), "app-Jobs.fifo");
        assert_eq!(generated("App", "Reports", 63, false, true), "app-reports");
        let long = "L".repeat(100);
        assert_eq!(generated("app", &long, 80, true, false).len(), 80);
        assert!(generated("app", &long, 80, true, false).ends_with("L.fifo"));
    }
}
