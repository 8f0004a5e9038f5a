//! SAM's `Globals`: the `Function`, `StateMachine` and `SimpleTable` sections merged into each
//! resource of that type (the resource's own properties win; maps such as
//! `Environment.Variables` are merged key by key, as SAM documents).

use serde_json::{Map, Value};

/// The resources with `globals` merged in.
pub(crate) fn apply(resources: &mut Map<String, Value>, globals: Option<&Value>) {
    let Some(Value::Object(globals)) = globals else { return };
    for resource in resources.values_mut() {
        let section = match resource.get("Type").and_then(Value::as_str) {
            Some("AWS::Serverless::Function") => "Function",
            Some("AWS::Serverless::StateMachine") => "StateMachine",
            Some("AWS::Serverless::SimpleTable") => "SimpleTable",
            _ => continue,
        };
        let Some(Value::Object(defaults)) = globals.get(section) else { continue };
        let Value::Object(resource) = resource else { continue };
        let properties = resource.entry("Properties").or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(properties) = properties {
            merge(properties, defaults);
        }
    }
}

fn merge(own: &mut Map<String, Value>, defaults: &Map<String, Value>) {
    for (key, default) in defaults {
        match (own.get_mut(key), default) {
            (None, _) => {
                own.insert(key.clone(), default.clone());
            }
            (Some(Value::Object(mine)), Value::Object(theirs))
                if !is_intrinsic(mine) && !is_intrinsic(theirs) =>
            {
                merge(mine, theirs);
            }
            _ => {}
        }
    }
}

fn is_intrinsic(map: &Map<String, Value>) -> bool {
    map.len() == 1 && map.keys().all(|k| k == "Ref" || k.starts_with("Fn::"))
}
