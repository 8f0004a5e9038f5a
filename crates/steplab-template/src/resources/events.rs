//! EventBridge: `AWS::Events::EventBus` as `CreateEventBus`, `AWS::Events::Rule` as `PutRule`
//! and `PutTargets`, and the `Events` of SAM functions and state machines that are EventBridge
//! rules or SNS subscriptions.

use serde_json::{Map, Value, json};

use super::{Call, attribute_text, call, property};
use crate::intrinsics::{eval_value, short};
use crate::names::{generated, physical_name};
use crate::stack::Stack;
use crate::values::bus_name;

pub(super) fn bus(stack: &Stack<'_>, logical_id: &str) -> Result<Vec<Call>, String> {
    let name = physical_name(stack, logical_id)?;
    Ok(vec![(0, call("events", "CreateEventBus", json!({"Name": name})))])
}

pub(super) fn rule(stack: &Stack<'_>, logical_id: &str) -> Result<Vec<Call>, String> {
    let name = physical_name(stack, logical_id)?;
    let mut input = Map::new();
    input.insert("Name".into(), Value::String(name.clone()));
    for key in ["EventPattern", "ScheduleExpression", "State", "Description", "EventBusName"] {
        if let Some(v) = property(stack, logical_id, key)? {
            // EventPattern is an object in a template (or JSON text), JSON text in PutRule
            let text = attribute_text(&v);
            let text = if key == "EventBusName" { bus_name(&text) } else { text };
            input.insert(key.into(), Value::String(text));
        }
    }
    let bus = input.get("EventBusName").cloned();
    let mut calls = vec![(2, call("events", "PutRule", Value::Object(input)))];
    if let Some(targets) = property(stack, logical_id, "Targets")? {
        let Value::Array(targets) = targets else {
            return Err(format!("Targets: expected a list, got {}", short(&targets)));
        };
        if !targets.is_empty() {
            let mut input = json!({"Rule": name, "Targets": targets});
            if let Some(bus) = bus {
                input["EventBusName"] = bus;
            }
            calls.push((2, call("events", "PutTargets", input)));
        }
    }
    Ok(calls)
}

/// An event of a SAM resource that is not imported: its name, type and why.
pub(crate) type Unmapped = (String, String, String);

/// The `Events` of SAM function or state machine `logical_id` (whose ARN is `target_arn`) as
/// service calls; the events that map onto no emulated service are returned apart.
pub(crate) fn sam_events(
    stack: &Stack<'_>,
    logical_id: &str,
    target_arn: &str,
) -> (Vec<Call>, Vec<Unmapped>) {
    let mut calls = Vec::new();
    let mut unmapped = Vec::new();
    let Some(Value::Object(events)) = stack.properties(logical_id).get("Events") else {
        return (calls, unmapped);
    };
    for (event, spec) in events {
        let kind = spec.get("Type").and_then(Value::as_str).unwrap_or("").to_owned();
        let properties = spec.get("Properties").cloned().unwrap_or(json!({}));
        let result = match eval_value(stack, &properties) {
            Err(e) => Err(e),
            Ok(p) => match kind.as_str() {
                "EventBridgeRule" | "CloudWatchEvent" | "Schedule" => {
                    Ok(rule_event(stack, logical_id, event, &kind, &p, target_arn))
                }
                "SNS" if target_arn.contains(":function:") => {
                    let mut input = json!({
                        "TopicArn": p.get("Topic").cloned().unwrap_or(Value::Null),
                        "Protocol": "lambda",
                        "Endpoint": target_arn,
                    });
                    if let Some(filter) = p.get("FilterPolicy") {
                        input["Attributes"] = json!({"FilterPolicy": attribute_text(filter)});
                    }
                    Ok(vec![(2, call("sns", "Subscribe", input))])
                }
                "ScheduleV2" => {
                    unmapped.push((
                        event.clone(),
                        kind,
                        "StepLab does not emulate EventBridge Scheduler".into(),
                    ));
                    continue;
                }
                "Api" | "HttpApi" => {
                    unmapped.push((event.clone(), kind, "StepLab does not emulate APIs".into()));
                    continue;
                }
                _ => {
                    unmapped.push((
                        event.clone(),
                        kind.clone(),
                        format!("StepLab does not emulate {kind} event sources"),
                    ));
                    continue;
                }
            },
        };
        match result {
            Ok(mut c) => calls.append(&mut c),
            Err(e) => unmapped.push((event.clone(), kind, e)),
        }
    }
    (calls, unmapped)
}

/// A SAM `EventBridgeRule`, `CloudWatchEvent` or `Schedule` event as a rule with one target.
/// The rule is named `RuleName`/`Name` when given, else by StepLab's rule (`names.rs`) from the
/// logical id SAM gives the rule (`<LogicalId><EventName>`); the target's id is `Target.Id` when
/// given, else `<LogicalId><EventName>Target` (StepLab's choice; SAM's generated id is not
/// confirmed here).
fn rule_event(
    stack: &Stack<'_>,
    logical_id: &str,
    event: &str,
    kind: &str,
    p: &Value,
    target_arn: &str,
) -> Vec<Call> {
    let text = |key: &str| p.get(key).map(attribute_text);
    let name = text("RuleName").or_else(|| text("Name")).unwrap_or_else(|| {
        generated(&stack.options.stack_name, &format!("{logical_id}{event}"), 64, false, false)
    });
    let mut rule = json!({"Name": name});
    if kind == "Schedule" {
        rule["ScheduleExpression"] = json!(text("Schedule"));
        let enabled = p.get("Enabled").and_then(Value::as_bool).unwrap_or(true);
        rule["State"] = json!(
            text("State").unwrap_or_else(|| if enabled { "ENABLED" } else { "DISABLED" }.into())
        );
    } else {
        rule["EventPattern"] = json!(text("Pattern"));
        if let Some(state) = text("State") {
            rule["State"] = json!(state);
        }
    }
    let bus = text("EventBusName").map(|b| bus_name(&b));
    if let Some(bus) = &bus {
        rule["EventBusName"] = json!(bus);
    }
    let id = p
        .get("Target")
        .and_then(|t| t.get("Id"))
        .map(attribute_text)
        .unwrap_or_else(|| format!("{logical_id}{event}Target"));
    let mut target = json!({"Id": id, "Arn": target_arn});
    for key in ["Input", "InputPath", "InputTransformer", "RetryPolicy", "DeadLetterConfig"] {
        if let Some(v) = p.get(key) {
            target[key] = v.clone();
        }
    }
    let mut targets = json!({"Rule": name, "Targets": [target]});
    if let Some(bus) = bus {
        targets["EventBusName"] = json!(bus);
    }
    vec![(2, call("events", "PutRule", rule)), (2, call("events", "PutTargets", targets))]
}
