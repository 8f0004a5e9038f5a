//! PutEvents: each entry becomes an event, matched against the enabled rules of its bus, and
//! delivered to their targets: a Lambda function ([`Effect::InvokeFunction`]), an SQS queue (a
//! message whose body is the event's JSON), a state machine ([`Effect::StartExecution`]) or an
//! SNS topic. `Input`, `InputPath` and `InputTransformer` shape what a target receives.

use serde_json::{Map, Value, json};

use super::rule::rule_arn;
use super::{Events, pattern};
use crate::ids::Ids;
use crate::input::{list_of, str_of};
use crate::sns::Sns;
use crate::sqs::{Delivery, Sqs};
use crate::time::iso8601_seconds;
use crate::{Context, Effect};

/// The services a delivery reaches.
pub(crate) struct Reach<'a> {
    pub sqs: &'a mut Sqs,
    pub sns: &'a mut Sns,
    pub ids: &'a mut Ids,
}

/// An entry's failure, as `Entries` reports it.
fn failure(code: &str, message: &str) -> Value {
    json!({"ErrorCode": code, "ErrorMessage": message})
}

/// The event an entry makes, or its failure.
fn event_of(entry: &Value, id: &str, context: &Context) -> Result<Value, Value> {
    // the texts of these failures are moto's and localstack's; AWS's are not confirmed
    let source = str_of(entry, "Source").filter(|s| !s.is_empty()).ok_or_else(|| {
        failure(
            "InvalidArgument",
            "Parameter Source is not valid. Reason: Source is a required argument.",
        )
    })?;
    let detail_type = str_of(entry, "DetailType").filter(|s| !s.is_empty()).ok_or_else(|| {
        failure(
            "InvalidArgument",
            "Parameter DetailType is not valid. Reason: DetailType is a required argument.",
        )
    })?;
    let detail = str_of(entry, "Detail").ok_or_else(|| {
        failure(
            "InvalidArgument",
            "Parameter Detail is not valid. Reason: Detail is a required argument.",
        )
    })?;
    let detail: Value = match serde_json::from_str(detail) {
        Ok(v @ Value::Object(_)) => v,
        _ => return Err(failure("MalformedDetail", "Detail is malformed.")),
    };
    let time = match entry.get("Time") {
        // the SDKs send a timestamp as epoch seconds
        Some(Value::Number(n)) => n.as_f64().map_or(context.now_millis, |s| (s * 1000.0) as i64),
        Some(Value::String(s)) => {
            return Ok(json_event(id, detail_type, source, s, entry, detail, context));
        }
        _ => context.now_millis,
    };
    Ok(json_event(id, detail_type, source, &iso8601_seconds(time), entry, detail, context))
}

fn json_event(
    id: &str,
    detail_type: &str,
    source: &str,
    time: &str,
    entry: &Value,
    detail: Value,
    context: &Context,
) -> Value {
    json!({
        "version": "0",
        "id": id,
        "detail-type": detail_type,
        "source": source,
        "account": context.account,
        "time": time,
        "region": context.region,
        "resources": list_of(entry, "Resources"),
        "detail": detail,
    })
}

/// The value at a JSONPath such as `$`, `$.detail`, `$.detail.items[0].id`; `None` when absent.
fn select<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    let rest = path.strip_prefix('$')?;
    let mut current = value;
    for part in rest.split('.').filter(|p| !p.is_empty()) {
        let (name, indexes) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            current = current.get(name)?;
        }
        for index in indexes.split('[').filter(|s| !s.is_empty()) {
            let index: usize = index.trim_end_matches(']').parse().ok()?;
            current = current.get(index)?;
        }
    }
    Some(current)
}

/// What a target receives, as JSON, and as text (an SQS message's body).
fn payload(target: &Value, event: &Value, rule_name: &str, rule_arn: &str) -> (Value, String) {
    if let Some(text) = str_of(target, "Input") {
        let value = serde_json::from_str(text).unwrap_or(Value::Null);
        return (value, text.to_string());
    }
    if let Some(path) = str_of(target, "InputPath") {
        // what AWS delivers for a path the event does not have is not confirmed: StepLab sends null
        let value = select(event, path).cloned().unwrap_or(Value::Null);
        let text = value.to_string();
        return (value, text);
    }
    if let Some(transformer) = target.get("InputTransformer") {
        let text = transform(transformer, event, rule_name, rule_arn);
        let value = serde_json::from_str(&text).unwrap_or_else(|_| Value::String(text.clone()));
        return (value, text);
    }
    (event.clone(), event.to_string())
}

/// `InputTransformer`: each `<name>` of `InputTemplate` replaced by the value `InputPathsMap`
/// selects (a string's characters, other values as JSON; nothing for a path the event lacks), or
/// by `<aws.events.rule-name>`, `<aws.events.rule-arn>`, `<aws.events.event>` (the event as JSON)
/// and `<aws.events.event.json>`.
fn transform(transformer: &Value, event: &Value, rule_name: &str, rule_arn: &str) -> String {
    let template = str_of(transformer, "InputTemplate").unwrap_or("");
    let paths =
        transformer.get("InputPathsMap").and_then(Value::as_object).cloned().unwrap_or_default();
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let name = &after[..close];
        let replacement = match name {
            "aws.events.rule-name" => Some(rule_name.to_string()),
            "aws.events.rule-arn" => Some(rule_arn.to_string()),
            "aws.events.event" | "aws.events.event.json" => Some(event.to_string()),
            _ => paths.get(name).and_then(Value::as_str).map(|path| match select(event, path) {
                Some(Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
                None => String::new(),
            }),
        };
        match replacement {
            Some(r) => out.push_str(&r),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

impl Events {
    /// PutEvents: an entry per event, each with its `EventId` or its failure.
    pub(crate) fn put_events(
        &self,
        entries: &[Value],
        reach: &mut Reach<'_>,
        context: &Context,
    ) -> (Value, Vec<Effect>) {
        let mut results = Vec::new();
        let mut effects = Vec::new();
        let mut failed = 0;
        for entry in entries {
            let bus_name = str_of(entry, "EventBusName").unwrap_or("default");
            let bus_name = bus_name.rsplit('/').next().unwrap_or(bus_name);
            let Some(bus) = self.buses.get(bus_name) else {
                failed += 1;
                // AWS's answer for an entry naming a bus that does not exist is not confirmed
                results.push(failure(
                    "ResourceNotFoundException",
                    &format!("Event bus {bus_name} does not exist."),
                ));
                continue;
            };
            // the id is drawn once the entry is taken
            let mut event = match event_of(entry, "", context) {
                Ok(event) => event,
                Err(failure) => {
                    failed += 1;
                    results.push(failure);
                    continue;
                }
            };
            let id = reach.ids.uuid();
            event["id"] = json!(id);
            for rule in bus.rules.values() {
                if rule.state == "DISABLED" {
                    continue;
                }
                let Some(Ok(parsed)) = rule.event_pattern.as_deref().map(pattern::parse) else {
                    continue;
                };
                if !parsed.matches(&event) {
                    continue;
                }
                let arn = rule_arn(&bus.name, &rule.name, context);
                for target in &rule.targets {
                    effects.extend(deliver(target, &event, &id, &rule.name, &arn, reach, context));
                }
            }
            results.push(json!({"EventId": id}));
        }
        (json!({"FailedEntryCount": failed, "Entries": results}), effects)
    }
}

/// Delivers `event` to one target. Deliveries that fail (a queue since deleted) are dropped, as
/// EventBridge drops them after its retries when no dead-letter queue is set.
fn deliver(
    target: &Value,
    event: &Value,
    event_id: &str,
    rule_name: &str,
    rule_arn: &str,
    reach: &mut Reach<'_>,
    context: &Context,
) -> Vec<Effect> {
    let arn = str_of(target, "Arn").unwrap_or("");
    let (value, text) = payload(target, event, rule_name, rule_arn);
    if arn.starts_with("arn:aws:lambda:") {
        vec![Effect::InvokeFunction { function_arn: arn.into(), payload: value }]
    } else if arn.starts_with("arn:aws:states:") {
        vec![Effect::StartExecution { state_machine_arn: arn.into(), input: value }]
    } else if arn.starts_with("arn:aws:sqs:") {
        let group = target.pointer("/SqsParameters/MessageGroupId").and_then(Value::as_str);
        let delivery = Delivery {
            body: &text,
            attributes: Map::new(),
            group_id: group,
            dedup_id: Some(event_id),
        };
        let _dropped = reach.sqs.deliver(arn, delivery, reach.ids, context.now_millis);
        Vec::new()
    } else if arn.starts_with("arn:aws:sns:") {
        reach.sns.publish_event(arn, &text, reach.sqs, reach.ids, context)
    } else {
        // other targets (event buses, API destinations, Kinesis…) are not emulated
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_templates() {
        let event =
            json!({"detail": {"id": "o-1", "items": [{"n": 2}], "total": 7}, "source": "s"});
        assert_eq!(select(&event, "$"), Some(&event));
        assert_eq!(select(&event, "$.detail.id"), Some(&json!("o-1")));
        assert_eq!(select(&event, "$.detail.items[0].n"), Some(&json!(2)));
        assert_eq!(select(&event, "$.detail.nothing"), None);
        let transformer = json!({"InputPathsMap": {"id": "$.detail.id", "total": "$.detail.total"},
                                 "InputTemplate": "{\"order\": \"<id>\", \"total\": <total>, \"rule\": \"<aws.events.rule-name>\"}"});
        assert_eq!(
            transform(&transformer, &event, "r1", "arn"),
            r#"{"order": "o-1", "total": 7, "rule": "r1"}"#
        );
        let text =
            json!({"InputPathsMap": {"id": "$.detail.id"}, "InputTemplate": "Order <id> placed"});
        let (value, body) = payload(&json!({"InputTransformer": text}), &event, "r", "a");
        assert_eq!(value, json!("Order o-1 placed"));
        assert_eq!(body, "Order o-1 placed");
    }
}
