//! The execution role Step Functions generates for a new state machine ("Confirm role creation"): one row
//! per service the definition calls, with the actions and the resources the policy is scoped to.

use serde_json::{Value, json};
use steplab_runner::{FunctionRef, Partition};

/// A row of the dialog's Service / Action(s) / Status table, and the policy statement behind it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Permission {
    /// e.g. "AWS Lambda".
    pub service: String,
    /// e.g. `lambda:InvokeFunction`.
    pub actions: Vec<String>,
    /// The ARNs the actions are allowed on (`*` when the definition does not name them).
    pub resources: Vec<String>,
    pub status: String,
    /// The policy's name prefix, e.g. `LambdaInvokeScopedAccessPolicy`.
    pub policy: String,
}

impl Permission {
    /// The policy document of this permission.
    pub fn document(&self) -> Value {
        json!({
            "Version": "2012-10-17",
            "Statement": [{ "Effect": "Allow", "Action": self.actions, "Resource": self.resources }]
        })
    }
}

const XRAY_ACTIONS: [&str; 4] = [
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
];

/// The display name of a service prefix.
fn service_name(prefix: &str) -> String {
    match prefix {
        "lambda" => "AWS Lambda".into(),
        "sns" => "Amazon SNS".into(),
        "sqs" => "Amazon SQS".into(),
        "dynamodb" => "Amazon DynamoDB".into(),
        "ecs" => "Amazon ECS".into(),
        "glue" => "AWS Glue".into(),
        "events" => "Amazon EventBridge".into(),
        "states" => "AWS Step Functions".into(),
        "s3" => "Amazon S3".into(),
        other => other.to_owned(),
    }
}

fn push_unique(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// The `service:Action` and resource of one Task's `Resource` (with its arguments), if it calls a service.
fn call(
    resource: &str,
    args: Option<&Value>,
    partition: &Partition,
) -> Option<(String, String, Option<String>)> {
    let arg = |k: &str| {
        args.and_then(|a| a.get(k))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty() && !s.contains("{%"))
    };
    if resource.starts_with("arn:aws:lambda:") {
        let f = FunctionRef::parse(resource).ok()?;
        return Some((
            "lambda".into(),
            "lambda:InvokeFunction".into(),
            Some(FunctionRef { qualifier: None, ..f }.arn_in(partition)),
        ));
    }
    let rest = resource.strip_prefix("arn:aws:states:::")?;
    let (service, action) = match rest.strip_prefix("aws-sdk:") {
        Some(sdk) => sdk.split_once(':')?,
        None => rest.split_once(':')?,
    };
    // `.sync`, `.waitForTaskToken`, `.sync:2` are ways of waiting, not actions
    let action = action.split('.').next().unwrap_or(action);
    let mut chars = action.chars();
    let action = chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str())?;
    let target = match (service, action.as_str()) {
        ("lambda", "Invoke") => {
            let f = FunctionRef::parse(arg("FunctionName")?).ok()?;
            return Some((
                "lambda".into(),
                "lambda:InvokeFunction".into(),
                Some(FunctionRef { qualifier: None, ..f }.arn_in(partition)),
            ));
        }
        ("sns", _) => arg("TopicArn").map(str::to_owned),
        ("states", _) => arg("StateMachineArn").map(str::to_owned),
        ("dynamodb", _) => arg("TableName").map(|t| {
            format!("arn:aws:dynamodb:{}:{}:table/{t}", partition.region, partition.account)
        }),
        ("glue", _) => arg("JobName")
            .map(|j| format!("arn:aws:glue:{}:{}:job/{j}", partition.region, partition.account)),
        _ => None,
    };
    Some((service.to_owned(), format!("{service}:{action}"), target))
}

/// The permissions the generated role gets for `definition`: its services in the order first met, then
/// X-Ray (always, as the console's auto-generated role includes it).
// The console's Status wording is recorded for Lambda and X-Ray only; other services reuse Lambda's.
pub fn permissions(definition: &Value, partition: &Partition) -> Vec<Permission> {
    fn walk(v: &Value, partition: &Partition, out: &mut Vec<Permission>) {
        match v {
            Value::Object(map) => {
                if map.get("Type").and_then(Value::as_str) == Some("Task")
                    && let Some(resource) = map.get("Resource").and_then(Value::as_str)
                    && let Some((service, action, target)) = call(
                        resource,
                        map.get("Arguments").or_else(|| map.get("Parameters")),
                        partition,
                    )
                {
                    let row = match out.iter_mut().position(|p| {
                        p.actions.first().is_some_and(|a| a.starts_with(&format!("{service}:")))
                    }) {
                        Some(i) => &mut out[i],
                        None => {
                            let (status, policy) = if service == "lambda" {
                                ("Policy will be generated to perform the action for specified Lambda resources only".to_owned(), "LambdaInvokeScopedAccessPolicy".to_owned())
                            } else {
                                (
                                    format!(
                                        "Policy will be generated to perform the action for specified {} resources only",
                                        service_name(&service)
                                    ),
                                    format!(
                                        "{}ScopedAccessPolicy",
                                        service_name(&service).replace(' ', "")
                                    ),
                                )
                            };
                            out.push(Permission {
                                service: service_name(&service),
                                actions: Vec::new(),
                                resources: Vec::new(),
                                status,
                                policy,
                            });
                            out.last_mut().expect("just pushed")
                        }
                    };
                    push_unique(&mut row.actions, action);
                    match target {
                        Some(arn) if service == "lambda" => {
                            push_unique(&mut row.resources, arn.clone());
                            push_unique(&mut row.resources, format!("{arn}:*"));
                        }
                        Some(arn) => push_unique(&mut row.resources, arn),
                        None => push_unique(&mut row.resources, "*".into()),
                    }
                }
                map.values().for_each(|v| walk(v, partition, out));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, partition, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(definition, partition, &mut out);
    for p in &mut out {
        if p.resources.len() > 1 {
            p.resources.retain(|r| r != "*");
        }
    }
    out.push(Permission {
        service: "AWS X-Ray".into(),
        actions: XRAY_ACTIONS.iter().map(|s| (*s).to_owned()).collect(),
        resources: vec!["*".into()],
        status: "Policies will be generated for X-Ray tracing".into(),
        policy: "XRayAccessPolicy".into(),
    });
    out
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;

    fn table(definition: &str) -> String {
        let v: Value = serde_json::from_str(definition).unwrap();
        permissions(&v, &Partition::default())
            .iter()
            .map(|p| {
                format!(
                    "{} | {} | {} | {}\n",
                    p.service,
                    p.actions.join(", "),
                    p.resources.join(" "),
                    p.policy
                )
            })
            .collect()
    }

    #[test]
    fn the_lab_machine() {
        expect![[r#"
            AWS Lambda | lambda:InvokeFunction | arn:aws:lambda:ca-central-1:123456789012:function:HelloStepFunction arn:aws:lambda:ca-central-1:123456789012:function:HelloStepFunction:* | LambdaInvokeScopedAccessPolicy
            AWS X-Ray | xray:PutTraceSegments, xray:PutTelemetryRecords, xray:GetSamplingRules, xray:GetSamplingTargets | * | XRayAccessPolicy
        "#]]
        .assert_eq(&table(include_str!("../../../tests/data/lab/simple_lab.asl.json")));
        expect![[r#"
            AWS Lambda | lambda:InvokeFunction | arn:aws:lambda:ca-central-1:123456789012:function:HelloStepFunction arn:aws:lambda:ca-central-1:123456789012:function:HelloStepFunction:* | LambdaInvokeScopedAccessPolicy
            AWS X-Ray | xray:PutTraceSegments, xray:PutTelemetryRecords, xray:GetSamplingRules, xray:GetSamplingTargets | * | XRayAccessPolicy
        "#]]
        .assert_eq(&table(include_str!("../../../tests/data/lab/simple_lab_legacy.asl.json")));
    }

    #[test]
    fn one_row_per_service_nested_states_included() {
        expect![[r#"
            AWS Lambda | lambda:InvokeFunction | arn:aws:lambda:ca-central-1:123456789012:function:A arn:aws:lambda:ca-central-1:123456789012:function:A:* arn:aws:lambda:ca-central-1:123456789012:function:B arn:aws:lambda:ca-central-1:123456789012:function:B:* | LambdaInvokeScopedAccessPolicy
            Amazon SNS | sns:Publish | arn:aws:sns:ca-central-1:123456789012:t | AmazonSNSScopedAccessPolicy
            Amazon DynamoDB | dynamodb:GetItem, dynamodb:PutItem | arn:aws:dynamodb:ca-central-1:123456789012:table/T | AmazonDynamoDBScopedAccessPolicy
            AWS X-Ray | xray:PutTraceSegments, xray:PutTelemetryRecords, xray:GetSamplingRules, xray:GetSamplingTargets | * | XRayAccessPolicy
        "#]]
        .assert_eq(&table(
            r#"{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
                {"StartAt":"a","States":{"a":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Arguments":{"FunctionName":"A"},"Next":"s"},
                  "s":{"Type":"Task","Resource":"arn:aws:states:::sns:publish","Arguments":{"TopicArn":"arn:aws:sns:ca-central-1:123456789012:t"},"End":true}}},
                {"StartAt":"b","States":{"b":{"Type":"Task","Resource":"arn:aws:lambda:ca-central-1:123456789012:function:B:prod","Next":"g"},
                  "g":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:getItem","Arguments":{"TableName":"T","Key":{}},"Next":"p"},
                  "p":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem.waitForTaskToken","Parameters":{"TableName":"T","Item":{}},"End":true}}}]}}}"#,
        ));
    }

    #[test]
    fn no_tasks_only_xray() {
        assert_eq!(
            permissions(
                &json!({"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}),
                &Partition::default()
            )
            .len(),
            1
        );
    }
}
