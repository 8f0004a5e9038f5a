//! "Create from template": starting definitions, and the blank one Workflow Studio opens with.
//!
//! The console's own template gallery is larger and its exact texts are not recorded here; these are
//! StepLab's, written in the console's style (JSONata, `QueryLanguage` last).

use serde_json::{Value, json};
use steplab_runner::Partition;

use crate::studio::catalog::lambda_default_retry;
use crate::studio::edit::latest_arn;

/// A new blank JSONata state machine, as Workflow Studio starts it.
pub const BLANK_DEFINITION: &str = "{\n  \"Comment\": \"A description of my state machine\",\n  \"StartAt\": \"\",\n  \"States\": {},\n  \"QueryLanguage\": \"JSONata\"\n}";

/// A starting point offered by "Create from template".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Template {
    pub id: &'static str,
    pub title: &'static str,
    pub description: &'static str,
}

pub const TEMPLATES: &[Template] = &[
    Template {
        id: "lambda",
        title: "Invoke Lambda function",
        description: "The lab: one Lambda Invoke state calling HelloStepFunction.",
    },
    Template {
        id: "choice-wait",
        title: "Choice and Wait",
        description: "Wait, then branch on the input with a Choice state.",
    },
    Template {
        id: "parallel",
        title: "Parallel",
        description: "Run two branches at the same time and combine their results.",
    },
    Template {
        id: "map",
        title: "Map",
        description: "Process each item of an array with the same steps.",
    },
    Template {
        id: "retry-catch",
        title: "Retry and Catch",
        description: "Retry a failing Lambda call, then catch the error.",
    },
];

fn lambda_task(function_arn: &str, payload: &str, next: Option<&str>) -> Value {
    let mut state = json!({
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Output": "{% $states.result.Payload %}",
        "Arguments": { "FunctionName": function_arn, "Payload": payload },
        "Retry": lambda_default_retry(),
    });
    if let Some(obj) = state.as_object_mut() {
        match next {
            Some(n) => obj.insert("Next".into(), json!(n)),
            None => obj.insert("End".into(), json!(true)),
        };
    }
    state
}

/// The definition of template `id` (two-space JSON), or `None` for an unknown id.
pub fn definition(id: &str, partition: &Partition) -> Option<String> {
    let hello = latest_arn(partition, "HelloStepFunction");
    let value = match id {
        "lambda" => json!({
            "Comment": "A description of my state machine",
            "StartAt": "Lambda Invoke",
            "States": { "Lambda Invoke": lambda_task(&hello, "{% $states.input %}", None) },
            "QueryLanguage": "JSONata"
        }),
        "choice-wait" => json!({
            "Comment": "Wait, then choose a branch from the input",
            "StartAt": "Wait",
            "States": {
                "Wait": { "Type": "Wait", "Seconds": 3, "Next": "Choice" },
                "Choice": {
                    "Type": "Choice",
                    "Choices": [
                        { "Next": "Big order", "Condition": "{% $states.input.amount > 100 %}" }
                    ],
                    "Default": "Small order"
                },
                "Big order": { "Type": "Pass", "Output": { "size": "big" }, "End": true },
                "Small order": { "Type": "Pass", "Output": { "size": "small" }, "End": true }
            },
            "QueryLanguage": "JSONata"
        }),
        "parallel" => json!({
            "Comment": "Two branches at the same time",
            "StartAt": "Parallel",
            "States": {
                "Parallel": {
                    "Type": "Parallel",
                    "Branches": [
                        { "StartAt": "Greet", "States": { "Greet": { "Type": "Pass", "Output": "{% 'Hello ' & ($states.input.name ? $states.input.name : 'world') %}", "End": true } } },
                        { "StartAt": "Pause", "States": { "Pause": { "Type": "Wait", "Seconds": 1, "End": true } } }
                    ],
                    "Next": "Combine"
                },
                "Combine": { "Type": "Pass", "Output": { "greeting": "{% $states.input[0] %}" }, "End": true }
            },
            "QueryLanguage": "JSONata"
        }),
        "map" => json!({
            "Comment": "The same steps for each item",
            "StartAt": "Map",
            "States": {
                "Map": {
                    "Type": "Map",
                    "Items": "{% $exists($states.input.items) ? $states.input.items : [1, 2, 3] %}",
                    "ItemProcessor": {
                        "ProcessorConfig": { "Mode": "INLINE" },
                        "StartAt": "Double",
                        "States": { "Double": { "Type": "Pass", "Output": "{% $states.input * 2 %}", "End": true } }
                    },
                    "End": true
                }
            },
            "QueryLanguage": "JSONata"
        }),
        "retry-catch" => {
            let mut task = lambda_task(&hello, "{% $states.input %}", Some("Done"));
            if let Some(obj) = task.as_object_mut() {
                obj.shift_remove("Next");
                obj.insert("Catch".into(), json!([{ "ErrorEquals": ["States.ALL"], "Output": "{% $states.errorOutput %}", "Next": "Handle failure" }]));
                obj.insert("Next".into(), json!("Done"));
            }
            json!({
                "Comment": "Retry a Lambda call, then catch what still fails",
                "StartAt": "Lambda Invoke",
                "States": {
                    "Lambda Invoke": task,
                    "Done": { "Type": "Succeed" },
                    "Handle failure": { "Type": "Fail", "Error": "LambdaFailed", "Cause": "The Lambda function failed after its retries" }
                },
                "QueryLanguage": "JSONata"
            })
        }
        _ => return None,
    };
    serde_json::to_string_pretty(&value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_is_a_valid_machine() {
        let partition = Partition::default();
        for t in TEMPLATES {
            let text = definition(t.id, &partition).unwrap();
            let parsed = steplab_asl::parse(&text);
            let errors: Vec<_> = parsed
                .diagnostics
                .iter()
                .filter(|d| d.severity == steplab_asl::Severity::Error)
                .map(|d| format!("{}: {}", d.code, d.message))
                .collect();
            assert_eq!(errors, Vec::<String>::new(), "template {}", t.id);
            assert!(parsed.machine.is_some(), "template {}", t.id);
        }
        assert_eq!(definition("nope", &partition), None);
    }

    #[test]
    fn the_lab_template_is_the_lab_definition() {
        let lab: Value =
            serde_json::from_str(include_str!("../../../tests/data/lab/simple_lab.asl.json"))
                .unwrap();
        assert_eq!(
            definition("lambda", &Partition::default()).unwrap(),
            serde_json::to_string_pretty(&lab).unwrap()
        );
    }
}
