//! `AWS::Serverless::StateMachine` and `AWS::StepFunctions::StateMachine`: the definition from
//! `Definition` (an object, intrinsics resolved), `DefinitionString` or `DefinitionUri` (a JSON
//! or YAML file, read as it is: CloudFormation resolves no intrinsics in a file), then
//! `DefinitionSubstitutions` (`${Name}` replaced in its text, as Step Functions' CloudFormation
//! resource does).

use serde_json::Value;

use crate::files::Files;
use crate::intrinsics::{eval_string, eval_value};
use crate::model::StateMachine;
use crate::names::physical_name;
use crate::stack::Stack;
use crate::{read, sub};

/// State machine `logical_id`, or why it cannot be imported (and whether the reason is
/// something StepLab does not emulate).
pub(crate) fn import(
    stack: &Stack<'_>,
    logical_id: &str,
    files: &dyn Files,
) -> Result<StateMachine, (String, bool)> {
    let sam = stack.resource_type(logical_id) == Some("AWS::Serverless::StateMachine");
    let p = stack.properties(logical_id);
    let problem = |e: String| (e, false);
    let text = if let Some(definition) = p.get("Definition") {
        let value = eval_value(stack, definition).map_err(problem)?;
        serde_json::to_string_pretty(&value).map_err(|e| problem(e.to_string()))?
    } else if let Some(text) = p.get("DefinitionString").filter(|_| !sam) {
        eval_string(stack, text, "DefinitionString").map_err(problem)?
    } else if let Some(uri) = p.get("DefinitionUri").filter(|_| sam) {
        match eval_value(stack, uri).map_err(problem)? {
            Value::String(path) if !path.starts_with("s3://") => {
                files.read(&path).ok_or_else(|| {
                    problem(format!("DefinitionUri {path}: no such file next to the template"))
                })?
            }
            _ => {
                return Err((
                    "DefinitionUri in S3: a definition in S3 is not imported".into(),
                    true,
                ));
            }
        }
    } else if p.get("DefinitionS3Location").is_some() {
        return Err(("DefinitionS3Location: a definition in S3 is not imported".into(), true));
    } else {
        return Err(problem(if sam {
            "no Definition or DefinitionUri".into()
        } else {
            "no Definition or DefinitionString".into()
        }));
    };
    let mut substitutions = serde_json::Map::new();
    if let Some(map) = p.get("DefinitionSubstitutions") {
        match eval_value(stack, map).map_err(problem)? {
            Value::Object(map) => substitutions = map,
            Value::Null => {}
            other => return Err(problem(format!("DefinitionSubstitutions: not a map: {other}"))),
        }
    }
    // A `${Name}` the map has not is left as it is (what Step Functions does with one is not
    // confirmed here; JSONata's `{% %}` and JSONPath never use `${`).
    let substituted = sub::substitute(&text, |name| {
        Ok(match substitutions.get(name) {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => format!("${{{name}}}"),
        })
    })
    .map_err(problem)?;
    let definition = read::definition(&substituted)
        .map_err(|e| problem(format!("the definition after DefinitionSubstitutions is {e}")))?;
    let machine_type = match p.get(if sam { "Type" } else { "StateMachineType" }) {
        Some(v) => eval_string(stack, v, "Type").map_err(problem)?,
        None => "STANDARD".to_owned(),
    };
    if machine_type != "STANDARD" && machine_type != "EXPRESS" {
        return Err(problem(format!("type {machine_type:?}: expected STANDARD or EXPRESS")));
    }
    let name = physical_name(stack, logical_id).map_err(problem)?;
    let o = stack.options;
    Ok(StateMachine {
        logical_id: logical_id.to_owned(),
        arn: format!("arn:aws:states:{}:{}:stateMachine:{name}", o.region, o.account),
        name,
        machine_type,
        definition: serde_json::to_string_pretty(&definition)
            .map_err(|e| problem(e.to_string()))?,
    })
}
