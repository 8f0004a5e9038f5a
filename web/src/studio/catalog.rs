//! The states browser's catalogue: the Actions, Flow states and Patterns a person can drop on the canvas,
//! each with the JSON Workflow Studio writes for it.
//!
//! A template is a [`Fragment`]: one or more states, the first of which is entered, where the transition to
//! "whatever came next on the canvas" is written as [`NEXT`]. [`crate::studio::edit`] replaces it with the
//! successor's name, or with `"End": true` when the state is dropped at the end.

use serde_json::{Map, Value, json};

/// The placeholder for the successor of a dropped fragment.
pub const NEXT: &str = "$NEXT";

/// The states browser's tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Actions,
    Flow,
    Patterns,
}

impl Group {
    pub const ALL: [Group; 3] = [Group::Actions, Group::Flow, Group::Patterns];

    pub fn label(self) -> &'static str {
        match self {
            Group::Actions => "Actions",
            Group::Flow => "Flow",
            Group::Patterns => "Patterns",
        }
    }
}

/// The query language a fragment is written for (the machine's top-level `QueryLanguage`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryLanguage {
    JsonPath,
    Jsonata,
}

impl QueryLanguage {
    /// The query language of a definition: `JSONata` only when its top level says so.
    pub fn of(definition: &Value) -> Self {
        if definition.get("QueryLanguage").and_then(Value::as_str) == Some("JSONata") {
            Self::Jsonata
        } else {
            Self::JsonPath
        }
    }
}

/// An entry of the states browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    /// What the browser shows, e.g. "AWS Lambda Invoke".
    pub label: &'static str,
    pub group: Group,
    /// One line under the label.
    pub description: &'static str,
}

/// States that can be dropped: the order is the browser's (the most popular actions first).
pub const ITEMS: &[Item] = &[
    Item {
        label: "AWS Lambda Invoke",
        group: Group::Actions,
        description: "Invoke a Lambda function",
    },
    Item {
        label: "Amazon SNS Publish",
        group: Group::Actions,
        description: "Publish a message to a topic",
    },
    Item {
        label: "Amazon ECS RunTask",
        group: Group::Actions,
        description: "Run an Amazon ECS task",
    },
    Item {
        label: "AWS Step Functions StartExecution",
        group: Group::Actions,
        description: "Start a state machine execution",
    },
    Item {
        label: "AWS Glue StartJobRun",
        group: Group::Actions,
        description: "Start a Glue job run",
    },
    Item {
        label: "Amazon DynamoDB GetItem",
        group: Group::Actions,
        description: "Get an item from a table",
    },
    Item {
        label: "Amazon DynamoDB PutItem",
        group: Group::Actions,
        description: "Put an item in a table",
    },
    Item {
        label: "Amazon SQS SendMessage",
        group: Group::Actions,
        description: "Send a message to a queue",
    },
    Item {
        label: "Amazon EventBridge PutEvents",
        group: Group::Actions,
        description: "Send custom events",
    },
    Item { label: "Choice", group: Group::Flow, description: "Add if-then-else logic" },
    Item { label: "Parallel", group: Group::Flow, description: "Run branches at the same time" },
    Item { label: "Map", group: Group::Flow, description: "Run the same steps for each item" },
    Item {
        label: "Pass",
        group: Group::Flow,
        description: "Pass input to output, optionally transformed",
    },
    Item { label: "Wait", group: Group::Flow, description: "Delay for a time" },
    Item { label: "Success", group: Group::Flow, description: "Stop the execution successfully" },
    Item {
        label: "Fail",
        group: Group::Flow,
        description: "Stop the execution and mark it failed",
    },
    Item {
        label: "Retry a Lambda then fail",
        group: Group::Patterns,
        description: "Lambda Invoke with a catcher that goes to a Fail state",
    },
    Item {
        label: "Poll until done",
        group: Group::Patterns,
        description: "Wait, check with a Lambda function, loop with a Choice",
    },
];

/// The items of `group` whose label or description contains `search` (ignoring case).
pub fn search(group: Group, search: &str) -> Vec<Item> {
    let needle = search.trim().to_lowercase();
    ITEMS
        .iter()
        .filter(|i| i.group == group)
        .filter(|i| {
            needle.is_empty()
                || i.label.to_lowercase().contains(&needle)
                || i.description.to_lowercase().contains(&needle)
        })
        .copied()
        .collect()
}

/// States to insert; `states[0]` is entered from the drop point.
#[derive(Clone, Debug, PartialEq)]
pub struct Fragment {
    pub states: Vec<(String, Value)>,
}

/// The retrier the console adds to a Lambda Invoke state.
pub fn lambda_default_retry() -> Value {
    json!([{
        "ErrorEquals": [
            "Lambda.ServiceException",
            "Lambda.AWSLambdaException",
            "Lambda.SdkClientException",
            "Lambda.TooManyRequestsException"
        ],
        "IntervalSeconds": 1,
        "MaxAttempts": 3,
        "BackoffRate": 2,
        "JitterStrategy": "FULL"
    }])
}

fn object(pairs: Vec<(&str, Value)>) -> Value {
    Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect::<Map<_, _>>())
}

/// A Task state for an optimised integration: `Type`, `Resource`, the output/arguments fields of the query
/// language, then `Next` — the console's key order.
fn task(resource: &str, ql: QueryLanguage, arguments: Value, jsonpath_parameters: Value) -> Value {
    match ql {
        QueryLanguage::Jsonata => object(vec![
            ("Type", json!("Task")),
            ("Resource", json!(resource)),
            ("Arguments", arguments),
            ("Next", json!(NEXT)),
        ]),
        QueryLanguage::JsonPath => object(vec![
            ("Type", json!("Task")),
            ("Resource", json!(resource)),
            ("Parameters", jsonpath_parameters),
            ("Next", json!(NEXT)),
        ]),
    }
}

/// A Lambda Invoke state as the console writes it before a function is picked.
///
/// JSONata: `Output` before `Arguments`, `Payload` = the state input, the default retrier (recorded from the
/// console, see `tests/data/lab/simple_lab.asl.json`). JSONPath: `OutputPath: $.Payload` and `Payload.$: $`.
/// The console's `FunctionName` goes first in the arguments; it is added when a function is picked
/// ([`crate::studio::edit::set_lambda_function`]).
pub fn lambda_invoke(ql: QueryLanguage) -> Value {
    match ql {
        QueryLanguage::Jsonata => object(vec![
            ("Type", json!("Task")),
            ("Resource", json!("arn:aws:states:::lambda:invoke")),
            ("Output", json!("{% $states.result.Payload %}")),
            ("Arguments", json!({ "Payload": "{% $states.input %}" })),
            ("Retry", lambda_default_retry()),
            ("Next", json!(NEXT)),
        ]),
        QueryLanguage::JsonPath => object(vec![
            ("Type", json!("Task")),
            ("Resource", json!("arn:aws:states:::lambda:invoke")),
            ("OutputPath", json!("$.Payload")),
            ("Parameters", json!({ "Payload.$": "$" })),
            ("Retry", lambda_default_retry()),
            ("Next", json!(NEXT)),
        ]),
    }
}

fn one(name: &str, state: Value) -> Fragment {
    Fragment { states: vec![(name.to_owned(), state)] }
}

/// The states dropping `label` inserts, or `None` for an unknown label.
// The exact argument skeletons the console writes for the non-Lambda actions are not recorded here; these
// are the integrations' required parameters.
pub fn fragment(label: &str, ql: QueryLanguage) -> Option<Fragment> {
    let jsonata = ql == QueryLanguage::Jsonata;
    let input = if jsonata { json!("{% $states.input %}") } else { json!("$") };
    let input_key = |k: &str| if jsonata { k.to_owned() } else { format!("{k}.$") };
    let with_input = |fixed: Vec<(&str, Value)>, input_field: &str| {
        let mut m: Map<String, Value> = fixed.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        m.insert(input_key(input_field), input.clone());
        Value::Object(m)
    };
    Some(match label {
        "AWS Lambda Invoke" => one("Lambda Invoke", lambda_invoke(ql)),
        "Amazon SNS Publish" => {
            let a = with_input(vec![("TopicArn", json!(""))], "Message");
            one("SNS Publish", task("arn:aws:states:::sns:publish", ql, a.clone(), a))
        }
        "Amazon ECS RunTask" => {
            let a = json!({ "LaunchType": "FARGATE", "Cluster": "", "TaskDefinition": "" });
            one("ECS RunTask", task("arn:aws:states:::ecs:runTask", ql, a.clone(), a))
        }
        "AWS Step Functions StartExecution" => {
            let a = with_input(vec![("StateMachineArn", json!(""))], "Input");
            one(
                "Step Functions StartExecution",
                task("arn:aws:states:::states:startExecution", ql, a.clone(), a),
            )
        }
        "AWS Glue StartJobRun" => {
            let a = json!({ "JobName": "" });
            one("Glue StartJobRun", task("arn:aws:states:::glue:startJobRun", ql, a.clone(), a))
        }
        "Amazon DynamoDB GetItem" => {
            let a = json!({ "TableName": "", "Key": {} });
            one("DynamoDB GetItem", task("arn:aws:states:::dynamodb:getItem", ql, a.clone(), a))
        }
        "Amazon DynamoDB PutItem" => {
            let a = json!({ "TableName": "", "Item": {} });
            one("DynamoDB PutItem", task("arn:aws:states:::dynamodb:putItem", ql, a.clone(), a))
        }
        "Amazon SQS SendMessage" => {
            let a = with_input(vec![("QueueUrl", json!(""))], "MessageBody");
            one("SQS SendMessage", task("arn:aws:states:::sqs:sendMessage", ql, a.clone(), a))
        }
        "Amazon EventBridge PutEvents" => {
            let a = json!({ "Entries": [{ "Detail": {}, "DetailType": "MyDetailType", "Source": "MySource" }] });
            one(
                "EventBridge PutEvents",
                task("arn:aws:states:::events:putEvents", ql, a.clone(), a),
            )
        }
        "Choice" => {
            let rule = if jsonata {
                json!({ "Next": NEXT, "Condition": "{% true %}" })
            } else {
                json!({ "Variable": "$", "IsPresent": true, "Next": NEXT })
            };
            one("Choice", json!({ "Type": "Choice", "Choices": [rule], "Default": NEXT }))
        }
        "Parallel" => {
            let branch = |name: &str| json!({ "StartAt": name, "States": { name: { "Type": "Pass", "End": true } } });
            one(
                "Parallel",
                json!({ "Type": "Parallel", "Branches": [branch("Pass (branch 1)"), branch("Pass (branch 2)")], "Next": NEXT }),
            )
        }
        "Map" => one(
            "Map",
            json!({
                "Type": "Map",
                "ItemProcessor": {
                    "ProcessorConfig": { "Mode": "INLINE" },
                    "StartAt": "Pass (iteration)",
                    "States": { "Pass (iteration)": { "Type": "Pass", "End": true } }
                },
                "Next": NEXT
            }),
        ),
        "Pass" => one("Pass", json!({ "Type": "Pass", "Next": NEXT })),
        "Wait" => one("Wait", json!({ "Type": "Wait", "Seconds": 5, "Next": NEXT })),
        "Success" => one("Success", json!({ "Type": "Succeed" })),
        "Fail" => one("Fail", json!({ "Type": "Fail" })),
        "Retry a Lambda then fail" => {
            let mut invoke = lambda_invoke(ql);
            if let Some(m) = invoke.as_object_mut() {
                let next = m.shift_remove("Next").unwrap_or(json!(NEXT));
                m.insert(
                    "Catch".into(),
                    json!([{ "ErrorEquals": ["States.ALL"], "Next": "Fail" }]),
                );
                m.insert("Next".into(), next);
            }
            Fragment {
                states: vec![
                    ("Lambda Invoke".into(), invoke),
                    (
                        "Fail".into(),
                        json!({ "Type": "Fail", "Error": "LambdaFailed", "Cause": "The Lambda function failed after retries" }),
                    ),
                ],
            }
        }
        "Poll until done" => {
            let mut check = lambda_invoke(ql);
            if let Some(m) = check.as_object_mut() {
                m.insert("Next".into(), json!("Done?"));
            }
            let rule = if jsonata {
                json!({ "Next": NEXT, "Condition": "{% $states.input.done = true %}" })
            } else {
                json!({ "Variable": "$.done", "BooleanEquals": true, "Next": NEXT })
            };
            Fragment {
                states: vec![
                    (
                        "Wait for work".into(),
                        json!({ "Type": "Wait", "Seconds": 10, "Next": "Check status" }),
                    ),
                    ("Check status".into(), check),
                    (
                        "Done?".into(),
                        json!({ "Type": "Choice", "Choices": [rule], "Default": "Wait for work" }),
                    ),
                ],
            }
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_has_a_fragment_in_both_query_languages() {
        for item in ITEMS {
            for ql in [QueryLanguage::Jsonata, QueryLanguage::JsonPath] {
                let f = fragment(item.label, ql);
                assert!(f.is_some_and(|f| !f.states.is_empty()), "{}", item.label);
            }
        }
        assert_eq!(fragment("Nope", QueryLanguage::Jsonata), None);
    }

    #[test]
    fn actions_start_with_lambda_invoke_and_search_filters() {
        assert_eq!(search(Group::Actions, "")[0].label, "AWS Lambda Invoke");
        let flow: Vec<_> = search(Group::Flow, "").iter().map(|i| i.label).collect();
        assert_eq!(flow, ["Choice", "Parallel", "Map", "Pass", "Wait", "Success", "Fail"]);
        let found: Vec<_> = search(Group::Actions, "LAMBDA").iter().map(|i| i.label).collect();
        assert_eq!(found, ["AWS Lambda Invoke"]);
        assert!(search(Group::Flow, "zzz").is_empty());
    }
}
