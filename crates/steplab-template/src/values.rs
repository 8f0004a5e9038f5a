//! What `Ref` and `Fn::GetAtt` return for each resource type, as CloudFormation's resource
//! reference documents each type's return values, built from the physical name (`names.rs`)
//! and StepLab's region and account. A type or attribute StepLab does not emulate is an error.

use serde_json::Value;

use crate::intrinsics::eval_string;
use crate::names::physical_name;
use crate::stack::Stack;

/// `Ref` of resource `logical_id`.
pub(crate) fn reference(stack: &Stack<'_>, logical_id: &str) -> Result<String, String> {
    not_skipped(stack, logical_id)?;
    let kind = stack.resource_type(logical_id).unwrap_or_default().to_owned();
    let name = || physical_name(stack, logical_id);
    let o = stack.options;
    match kind.as_str() {
        // the name
        "AWS::Serverless::Function"
        | "AWS::Lambda::Function"
        | "AWS::Serverless::SimpleTable"
        | "AWS::DynamoDB::Table"
        | "AWS::S3::Bucket"
        | "AWS::Events::Rule"
        | "AWS::Events::EventBus"
        | "AWS::IAM::Role"
        | "AWS::Logs::LogGroup" => name(),
        // the ARN
        "AWS::Serverless::StateMachine" | "AWS::StepFunctions::StateMachine" => {
            Ok(format!("arn:aws:states:{}:{}:stateMachine:{}", o.region, o.account, name()?))
        }
        "AWS::SNS::Topic" => Ok(topic_arn(stack, &name()?)),
        // the URL
        "AWS::SQS::Queue" => {
            Ok(format!("https://sqs.{}.amazonaws.com/{}/{}", o.region, o.account, name()?))
        }
        other => Err(format!(
            "Ref {logical_id}: StepLab does not emulate {other} resources, so it has no value for it"
        )),
    }
}

/// `Fn::GetAtt` `logical_id.attribute`.
pub(crate) fn attribute(
    stack: &Stack<'_>,
    logical_id: &str,
    attribute: &str,
) -> Result<String, String> {
    let Some(kind) = stack.resource_type(logical_id) else {
        return Err(format!("Fn::GetAtt {logical_id}.{attribute}: no resource {logical_id}"));
    };
    not_skipped(stack, logical_id)?;
    let o = stack.options;
    let (region, account) = (&o.region, &o.account);
    let name = || physical_name(stack, logical_id);
    let value = match (kind, attribute) {
        ("AWS::Serverless::Function" | "AWS::Lambda::Function", "Arn") => {
            format!("arn:aws:lambda:{region}:{account}:function:{}", name()?)
        }
        ("AWS::Serverless::StateMachine" | "AWS::StepFunctions::StateMachine", "Arn") => {
            format!("arn:aws:states:{region}:{account}:stateMachine:{}", name()?)
        }
        ("AWS::Serverless::StateMachine" | "AWS::StepFunctions::StateMachine", "Name") => name()?,
        ("AWS::Serverless::SimpleTable" | "AWS::DynamoDB::Table", "Arn") => {
            format!("arn:aws:dynamodb:{region}:{account}:table/{}", name()?)
        }
        ("AWS::SQS::Queue", "Arn") => format!("arn:aws:sqs:{region}:{account}:{}", name()?),
        ("AWS::SQS::Queue", "QueueName") => name()?,
        ("AWS::SQS::Queue", "QueueUrl") => {
            format!("https://sqs.{region}.amazonaws.com/{account}/{}", name()?)
        }
        ("AWS::SNS::Topic", "TopicArn") => topic_arn(stack, &name()?),
        ("AWS::SNS::Topic", "TopicName") => name()?,
        ("AWS::S3::Bucket", "Arn") => format!("arn:aws:s3:::{}", name()?),
        ("AWS::S3::Bucket", "DomainName") => format!("{}.s3.amazonaws.com", name()?),
        ("AWS::S3::Bucket", "RegionalDomainName") => {
            format!("{}.s3.{region}.amazonaws.com", name()?)
        }
        ("AWS::Events::Rule", "Arn") => {
            let bus = match stack.properties(logical_id).get("EventBusName") {
                Some(v) => bus_name(&eval_string(stack, v, "EventBusName")?),
                None => "default".to_owned(),
            };
            let path = if bus == "default" { name()? } else { format!("{bus}/{}", name()?) };
            format!("arn:aws:events:{region}:{account}:rule/{path}")
        }
        ("AWS::Events::EventBus", "Arn") => {
            format!("arn:aws:events:{region}:{account}:event-bus/{}", name()?)
        }
        ("AWS::Events::EventBus", "Name") => name()?,
        ("AWS::IAM::Role", "Arn") => {
            let path = match stack.properties(logical_id).get("Path") {
                Some(p) => eval_string(stack, p, "Path")?,
                None => "/".to_owned(),
            };
            format!("arn:aws:iam::{account}:role{path}{}", name()?)
        }
        ("AWS::Logs::LogGroup", "Arn") => {
            format!("arn:aws:logs:{region}:{account}:log-group:{}:*", name()?)
        }
        ("AWS::Serverless::SimpleTable" | "AWS::DynamoDB::Table", "StreamArn") => {
            return Err(format!(
                "Fn::GetAtt {logical_id}.StreamArn: StepLab's DynamoDB has no streams"
            ));
        }
        (kind, attribute) => {
            return Err(format!(
                "Fn::GetAtt {logical_id}.{attribute}: StepLab does not emulate attribute {attribute} of a {kind}"
            ));
        }
    };
    Ok(value)
}

/// A rule's `EventBusName` (a name or an ARN) as the bus's name.
pub(crate) fn bus_name(value: &str) -> String {
    value.rsplit_once(":event-bus/").map_or(value, |(_, name)| name).to_owned()
}

fn topic_arn(stack: &Stack<'_>, name: &str) -> String {
    format!("arn:aws:sns:{}:{}:{name}", stack.options.region, stack.options.account)
}

/// An error when resource `logical_id` is not created (its `Condition` is false).
fn not_skipped(stack: &Stack<'_>, logical_id: &str) -> Result<(), String> {
    let condition = stack.resources.get(logical_id).and_then(|r| r.get("Condition"));
    if let Some(Value::String(condition)) = condition
        && !crate::conditions::named(stack, condition)?
    {
        return Err(format!(
            "{logical_id} is not created (its Condition {condition} is false), so nothing can refer to it"
        ));
    }
    Ok(())
}
