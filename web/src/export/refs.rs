//! Where a definition names a Lambda function: a Task's `Resource` ARN
//! (`arn:aws:lambda:…:function:NAME`) or the `FunctionName` of `arn:aws:states:::lambda:invoke`
//! (in `Arguments` or `Parameters`). Permalinks use it to carry the functions a state machine calls,
//! and templates to replace their ARNs by `DefinitionSubstitutions`.

use serde_json::Value;
use steplab_runner::FunctionRef;

/// One place a definition names a function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionUse {
    /// The JSON Pointer (RFC 6901) of the string that names the function.
    pub pointer: String,
    /// The string as written.
    pub text: String,
    /// The function it names.
    pub function: FunctionRef,
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Every place `definition` names a Lambda function, in document order. Dynamic names
/// (`FunctionName.$`, JSONata `{% … %}`) and names Lambda would refuse are left out.
pub fn function_uses(definition: &Value) -> Vec<FunctionUse> {
    fn walk(v: &Value, pointer: &str, out: &mut Vec<FunctionUse>) {
        match v {
            Value::Object(map) => {
                if map.get("Type").and_then(Value::as_str) == Some("Task")
                    && let Some(resource) = map.get("Resource").and_then(Value::as_str)
                {
                    if resource.split(':').nth(2) == Some("lambda") {
                        if let Ok(function) = FunctionRef::parse(resource) {
                            out.push(FunctionUse {
                                pointer: format!("{pointer}/Resource"),
                                text: resource.to_owned(),
                                function,
                            });
                        }
                    } else if resource.starts_with("arn:aws:states:::lambda:invoke") {
                        for key in ["Arguments", "Parameters"] {
                            if let Some(name) = map
                                .get(key)
                                .and_then(|a| a.get("FunctionName"))
                                .and_then(Value::as_str)
                                .filter(|n| !n.contains("{%"))
                                && let Ok(function) = FunctionRef::parse(name)
                            {
                                out.push(FunctionUse {
                                    pointer: format!("{pointer}/{key}/FunctionName"),
                                    text: name.to_owned(),
                                    function,
                                });
                            }
                        }
                    }
                }
                for (k, v) in map {
                    walk(v, &format!("{pointer}/{}", escape(k)), out);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, &format!("{pointer}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(definition, "", &mut out);
    out
}

/// `text` (a name, partial ARN or ARN, as [`FunctionRef::parse`] reads them) naming `new_name`
/// instead, in the same form.
pub fn with_name(text: &str, new_name: &str) -> String {
    let mut parts: Vec<&str> = text.split(':').collect();
    let at = match parts.len() {
        1 | 2 => 0,
        3 | 4 => 2,
        _ => 6,
    };
    if let Some(slot) = parts.get_mut(at) {
        *slot = new_name;
    }
    parts.join(":")
}

/// The distinct names of functions that `definition` calls in another region or account than
/// `partition`'s, as written: StepLab serves each with the workspace's function of that name, and
/// the console says so.
pub fn foreign_functions(definition: &Value, partition: &steplab_runner::Partition) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for u in function_uses(definition) {
        if !u.function.is_in(partition) && !out.contains(&u.text) {
            out.push(u.text);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_resource_arns_and_function_names_in_nested_states() {
        let definition: Value = serde_json::from_str(
            r#"{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
                {"StartAt":"a/b","States":{"a/b":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Arguments":{"FunctionName":"A:prod"},"End":true}}},
                {"StartAt":"m","States":{"m":{"Type":"Map","End":true,"ItemProcessor":{"StartAt":"r","States":{
                  "r":{"Type":"Task","Resource":"arn:aws:lambda:ca-central-1:123456789012:function:B","Next":"d"},
                  "d":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName.$":"$.f"},"Next":"j"},
                  "j":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Arguments":{"FunctionName":"{% $f %}"},"End":true}}}}}}]}}}"#,
        )
        .unwrap();
        let uses: Vec<_> = function_uses(&definition)
            .into_iter()
            .map(|u| (u.pointer, u.text, u.function.name))
            .collect();
        assert_eq!(
            uses,
            [
                (
                    "/States/P/Branches/0/States/a~1b/Arguments/FunctionName".to_owned(),
                    "A:prod".to_owned(),
                    "A".to_owned()
                ),
                (
                    "/States/P/Branches/1/States/m/ItemProcessor/States/r/Resource".to_owned(),
                    "arn:aws:lambda:ca-central-1:123456789012:function:B".to_owned(),
                    "B".to_owned()
                ),
            ]
        );
        for u in function_uses(&definition) {
            assert_eq!(definition.pointer(&u.pointer).and_then(Value::as_str), Some(&*u.text));
        }
    }

    #[test]
    fn renames_in_every_form() {
        for (text, renamed) in [
            ("A", "Z"),
            ("A:prod", "Z:prod"),
            ("123456789012:function:A", "123456789012:function:Z"),
            ("123456789012:function:A:1", "123456789012:function:Z:1"),
            (
                "arn:aws:lambda:ca-central-1:123456789012:function:A",
                "arn:aws:lambda:ca-central-1:123456789012:function:Z",
            ),
            (
                "arn:aws:lambda:ca-central-1:123456789012:function:A:$LATEST",
                "arn:aws:lambda:ca-central-1:123456789012:function:Z:$LATEST",
            ),
        ] {
            assert_eq!(with_name(text, "Z"), renamed);
            assert_eq!(FunctionRef::parse(&with_name(text, "Z")).unwrap().name, "Z");
        }
    }

    #[test]
    fn functions_of_other_accounts_and_regions() {
        let p = steplab_runner::Partition::default();
        let definition = serde_json::json!({"StartAt": "A", "States": {
            "A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:111111111111:function:f", "Next": "B"},
            "B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "arn:aws:lambda:ca-central-1:123456789012:function:g"}, "Next": "C"},
            "C": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "222222222222:function:h:$LATEST"}, "End": true}}});
        assert_eq!(
            foreign_functions(&definition, &p),
            ["arn:aws:lambda:us-east-1:111111111111:function:f", "222222222222:function:h:$LATEST"]
        );
    }
}
