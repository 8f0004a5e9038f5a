//! The template's text read as a JSON value: JSON when it starts with `{`, otherwise YAML with
//! CloudFormation's short tags.

use serde_json::Value;

use crate::model::Problem;

/// `text` as a value, or the problem at its line and column.
pub(crate) fn template(text: &str) -> Result<Value, Problem> {
    // the text as typed (only a byte order mark left out), so lines and columns are the user's
    let body = text.trim_start_matches('\u{feff}');
    if body.trim_start().starts_with('{') {
        return serde_json::from_str(body).map_err(|e| Problem {
            logical_id: None,
            message: format!("not a JSON template: {e}"),
            line: Some(e.line()),
            column: Some(e.column()),
        });
    }
    // a key given twice keeps its last value, as `sam build`/`sam deploy` read the template
    let options = steplab_yaml::Options { cloudformation: true, last_duplicate_wins: true };
    steplab_yaml::from_yaml_with(body, options).map_err(|e| Problem {
        logical_id: None,
        message: format!("not a YAML template: {}", e.message),
        line: Some(e.line),
        column: Some(e.column),
    })
}

/// A definition file's text (`DefinitionUri`) as JSON or YAML (no intrinsics: the file is
/// uploaded as it is, so CloudFormation reads no tags in it).
pub(crate) fn definition(text: &str) -> Result<Value, String> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        return serde_json::from_str(trimmed).map_err(|e| format!("not JSON: {e}"));
    }
    steplab_yaml::from_yaml(trimmed).map_err(|e| format!("not YAML: {e}"))
}
