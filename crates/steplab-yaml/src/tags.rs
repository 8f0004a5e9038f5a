//! Tags on collections and scalars other than YAML's own: CloudFormation's short forms, read as
//! the intrinsic functions they stand for, when asked; an error otherwise.

use saphyr_parser::{Span, Tag};
use serde_json::{Value, json};

use crate::{Options, YamlError, error_at};

/// CloudFormation's short-form tags, by name (`!Ref` is `Ref`, `!Condition` is `Condition`; the
/// others are `Fn::` and their name).
const CLOUDFORMATION: [&str; 18] = [
    "Ref",
    "Condition",
    "GetAtt",
    "Sub",
    "Join",
    "Select",
    "Split",
    "If",
    "Equals",
    "Not",
    "And",
    "Or",
    "FindInMap",
    "Base64",
    "Cidr",
    "ImportValue",
    "GetAZs",
    "Transform",
];

pub(crate) fn apply(
    value: Value,
    tag: Option<&Tag>,
    options: Options,
    span: &Span,
) -> Result<Value, YamlError> {
    let Some(tag) = tag else { return Ok(value) };
    if tag.is_yaml_core_schema() {
        return match (tag.suffix.as_str(), &value) {
            ("seq", Value::Array(_)) | ("map", Value::Object(_)) => Ok(value),
            (suffix, _) => {
                Err(error_at(span, format!("the tag !!{suffix} does not fit this value")))
            }
        };
    }
    let name = tag.suffix.as_str();
    if !(options.cloudformation && tag.handle == "!" && CLOUDFORMATION.contains(&name)) {
        return Err(error_at(
            span,
            format!("the tag {}{} is not one StepLab reads", tag.handle, tag.suffix),
        ));
    }
    Ok(match (name, value) {
        ("Ref", v) => json!({ "Ref": v }),
        ("Condition", v) => json!({ "Condition": v }),
        // `!GetAtt Resource.Attribute` is the list form's two items
        ("GetAtt", Value::String(s)) => match s.split_once('.') {
            Some((resource, attribute)) => json!({ "Fn::GetAtt": [resource, attribute] }),
            None => {
                return Err(error_at(
                    span,
                    format!("!GetAtt {s} names no attribute (Resource.Attribute)"),
                ));
            }
        },
        (name, v) => json!({ format!("Fn::{name}"): v }),
    })
}
