//! Map fields checked when the state runs: the type of the items, and the tolerated-failure
//! thresholds (`ToleratedFailureCount…`, `ToleratedFailurePercentage…`), with AWS's causes.

use serde_json::Value;

use super::states::QUERY_EVALUATION_ERROR;
use crate::errors::StatesError;
use crate::parse::jsonata_body;

/// A JSON value's type and text as AWS names them in a JSONata result-type error.
fn type_and_text(v: &Value) -> (&'static str, String) {
    match v {
        Value::Null => ("null", "null".into()),
        Value::Bool(b) => ("boolean", b.to_string()),
        Value::Number(n) => ("number", n.to_string()),
        // the string in quotes, unescaped
        Value::String(s) => ("string", format!("\"{s}\"")),
        Value::Object(_) => ("object", v.to_string()),
        Value::Array(_) => ("array", v.to_string()),
    }
}

/// The expression of a `{% … %}` template as AWS quotes it (trimmed), or the literal's JSON.
fn expression(template: &Value) -> String {
    match template {
        Value::String(s) => jsonata_body(s).map_or_else(|| s.clone(), |b| b.trim().to_owned()),
        v => v.to_string(),
    }
}

/// JSONata `Items` that did not give an array: `States.QueryEvaluationError` with the wording of
/// a real AWS execution ("… specified for the field 'Items' returned an unexpected result type.
/// Expected 'array', but was 'object'", quoted in a public design record) completed by the value
/// as LocalStack, whose tests are recorded against AWS, writes it (state_map/items/items.py).
pub(crate) fn items_not_array(template: &Value, items: &Value) -> StatesError {
    let (kind, text) = type_and_text(items);
    StatesError::new(
        QUERY_EVALUATION_ERROR,
        format!(
            "The JSONata expression '{}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '{kind}' for value: {text}",
            expression(template)
        ),
    )
    .at("Items")
}

/// Which tolerated-failure threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tolerance {
    Count,
    Percentage,
}

impl Tolerance {
    pub(crate) fn field(self) -> &'static str {
        match self {
            Tolerance::Count => "ToleratedFailureCount",
            Tolerance::Percentage => "ToleratedFailurePercentage",
        }
    }
}

/// Checks a threshold's value. `path` is the `…Path` it was read from (JSONPath), `template` the
/// JSONata expression it was evaluated from; neither for a literal (checked at creation).
///
/// From a path, as LocalStack gives it (state_map/tolerated_failure.py, written against its
/// AWS-recorded test_base_scenarios `test_map_state_tolerated_failure_count_path` /
/// `…_percentage_path` with `{}`, "NoNumber", -1.1, -1, 0, 1, 1.1, 100, 100.1): `States.Runtime`
/// with the cause unprefixed: `The ToleratedFailureCountPath field refers to value "1.1" which
/// is not a valid integer: $.path`, `ToleratedFailureCount cannot be negative.`,
/// `… which is not a valid float: …`, `ToleratedFailurePercentage must be between 0 and 100.`
/// A numeric string is read as its number (LocalStack does; verify). A JSONata value of the
/// wrong type fails as `States.QueryEvaluationError` worded like the `Items` type error, and an
/// out-of-range one as from a path (verify: no recorded AWS run).
pub(crate) fn threshold(
    which: Tolerance,
    v: &Value,
    path: Option<&str>,
    template: Option<&Value>,
) -> Result<f64, StatesError> {
    let number = match v {
        Value::String(s) if template.is_none() => match which {
            Tolerance::Count => s.trim().parse::<i64>().ok().map(|n| n as f64),
            Tolerance::Percentage => s.trim().parse::<f64>().ok().filter(|n| n.is_finite()),
        },
        Value::Number(n) => match which {
            // an integer: 1.0 and 1.1 are not (as JSON reads them)
            Tolerance::Count => n.as_i64().map(|i| i as f64),
            Tolerance::Percentage => n.as_f64(),
        },
        _ => None,
    };
    let field = which.field();
    let Some(n) = number else {
        if let Some(t) = template {
            let (kind, text) = type_and_text(v);
            return Err(StatesError::new(
                QUERY_EVALUATION_ERROR,
                format!(
                    "The JSONata expression '{}' specified for the field '{field}' returned an unexpected result type. Expected 'number', but was '{kind}' for value: {text}",
                    expression(t)
                ),
            )
            .at(field));
        }
        let text = match v {
            Value::String(s) => s.clone(),
            v => v.to_string(),
        };
        let (kind, p) = match which {
            Tolerance::Count => ("integer", path.unwrap_or_default()),
            Tolerance::Percentage => ("float", path.unwrap_or_default()),
        };
        return Err(StatesError::runtime(format!(
            "The {field}Path field refers to value \"{text}\" which is not a valid {kind}: {p}"
        )));
    };
    match which {
        Tolerance::Count if n < 0.0 => {
            Err(StatesError::runtime("ToleratedFailureCount cannot be negative."))
        }
        Tolerance::Percentage if !(0.0..=100.0).contains(&n) => {
            Err(StatesError::runtime("ToleratedFailurePercentage must be between 0 and 100."))
        }
        _ => Ok(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn thresholds_from_paths() {
        let c = |v: Value| threshold(Tolerance::Count, &v, Some("$.c"), None);
        assert_eq!(c(json!(2)), Ok(2.0));
        assert_eq!(c(json!("3")), Ok(3.0));
        assert_eq!(
            c(json!(1.1)).unwrap_err().cause,
            "The ToleratedFailureCountPath field refers to value \"1.1\" which is not a valid integer: $.c"
        );
        assert_eq!(
            c(json!("NoNumber")).unwrap_err().cause,
            "The ToleratedFailureCountPath field refers to value \"NoNumber\" which is not a valid integer: $.c"
        );
        assert_eq!(c(json!(-1)).unwrap_err().cause, "ToleratedFailureCount cannot be negative.");
        let p = |v: Value| threshold(Tolerance::Percentage, &v, Some("$.p"), None);
        assert_eq!(p(json!(1.1)), Ok(1.1));
        assert_eq!(p(json!(100)), Ok(100.0));
        assert_eq!(
            p(json!({})).unwrap_err().cause,
            "The ToleratedFailurePercentagePath field refers to value \"{}\" which is not a valid float: $.p"
        );
        assert_eq!(
            p(json!(100.1)).unwrap_err().cause,
            "ToleratedFailurePercentage must be between 0 and 100."
        );
        assert_eq!(p(json!(-1.1)).unwrap_err().error, "States.Runtime");
    }

    #[test]
    fn items_type_error() {
        let e = items_not_array(&json!("{% $states.input.x %}"), &json!({"a": 1}));
        assert_eq!(e.error, "States.QueryEvaluationError");
        assert_eq!(
            e.cause,
            "The JSONata expression '$states.input.x' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'object' for value: {\"a\":1}"
        );
        let e = items_not_array(&json!("{% 'abc' %}"), &json!("abc"));
        assert!(e.cause.ends_with("but was 'string' for value: \"abc\""));
    }
}
