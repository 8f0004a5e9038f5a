//! Rules and their targets: PutRule, DescribeRule, ListRules, DeleteRule, EnableRule,
//! DisableRule, PutTargets, RemoveTargets, ListTargetsByRule.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::errors::{missing, no_rule, validation};
use super::{Bus, pattern};
use crate::input::{int_of, list_of, str_of};
use crate::{Context, ServiceError};

/// A rule on an event bus.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    pub name: String,
    #[serde(default)]
    pub event_pattern: Option<String>,
    #[serde(default)]
    pub schedule_expression: Option<String>,
    pub state: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub role_arn: Option<String>,
    pub created_by: String,
    /// The targets as PutTargets gave them, in order.
    #[serde(default)]
    pub targets: Vec<Value>,
}

/// A rule's ARN: `rule/{name}` on the default bus, `rule/{bus}/{name}` on others.
pub(crate) fn rule_arn(bus: &str, name: &str, context: &Context) -> String {
    let path = if bus == "default" { name.to_string() } else { format!("{bus}/{name}") };
    format!("arn:aws:events:{}:{}:rule/{path}", context.region, context.account)
}

impl Rule {
    /// As DescribeRule and ListRules give it.
    pub(crate) fn describe(&self, bus: &str, context: &Context, created_by: bool) -> Value {
        let mut out = Map::new();
        out.insert("Name".into(), json!(self.name));
        out.insert("Arn".into(), json!(rule_arn(bus, &self.name, context)));
        if let Some(p) = &self.event_pattern {
            out.insert("EventPattern".into(), json!(p));
        }
        if let Some(s) = &self.schedule_expression {
            out.insert("ScheduleExpression".into(), json!(s));
        }
        out.insert("State".into(), json!(self.state));
        if let Some(d) = &self.description {
            out.insert("Description".into(), json!(d));
        }
        if let Some(r) = &self.role_arn {
            out.insert("RoleArn".into(), json!(r));
        }
        out.insert("EventBusName".into(), json!(bus));
        if created_by {
            out.insert("CreatedBy".into(), json!(self.created_by));
        }
        Value::Object(out)
    }
}

fn name_of(input: &Value, member: &str) -> Result<String, ServiceError> {
    let name = str_of(input, member).ok_or_else(|| missing(member))?;
    let valid = !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if !valid {
        return Err(validation(format!(
            "1 validation error detected: Value '{name}' at '{}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+",
            member.to_ascii_lowercase()
        )));
    }
    Ok(name.to_string())
}

pub(crate) fn put_rule(
    bus: &mut Bus,
    input: &Value,
    context: &Context,
) -> Result<Value, ServiceError> {
    let name = name_of(input, "Name")?;
    let event_pattern = str_of(input, "EventPattern").map(str::to_string);
    let schedule = str_of(input, "ScheduleExpression").map(str::to_string);
    if event_pattern.is_none() && schedule.is_none() {
        return Err(validation(
            "Parameter(s) EventPattern or ScheduleExpression must be specified.",
        ));
    }
    if let Some(p) = &event_pattern {
        pattern::parse(p).map_err(|reason| {
            ServiceError::client(
                "InvalidEventPatternException",
                format!("Event pattern is not valid. Reason: {reason}"),
            )
        })?;
    }
    if let Some(s) = &schedule {
        if bus.name != "default" {
            return Err(validation(
                "ScheduleExpression is supported only on the default event bus.",
            ));
        }
        let well_formed = (s.starts_with("rate(") || s.starts_with("cron(")) && s.ends_with(')');
        if !well_formed {
            return Err(validation("Parameter ScheduleExpression is not valid."));
        }
    }
    let state = str_of(input, "State").unwrap_or("ENABLED");
    if !matches!(state, "ENABLED" | "DISABLED" | "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS") {
        return Err(validation(format!(
            "1 validation error detected: Value '{state}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS, DISABLED, ENABLED]"
        )));
    }
    let targets = bus.rules.get(&name).map(|r| r.targets.clone()).unwrap_or_default();
    bus.rules.insert(
        name.clone(),
        Rule {
            name: name.clone(),
            event_pattern,
            schedule_expression: schedule,
            state: state.into(),
            description: str_of(input, "Description").map(str::to_string),
            role_arn: str_of(input, "RoleArn").map(str::to_string),
            created_by: context.account.clone(),
            targets,
        },
    );
    Ok(json!({"RuleArn": rule_arn(&bus.name, &name, context)}))
}

pub(crate) fn rule<'a>(
    bus: &'a Bus,
    input: &Value,
    member: &str,
) -> Result<&'a Rule, ServiceError> {
    let name = str_of(input, member).ok_or_else(|| missing(member))?;
    bus.rules.get(name).ok_or_else(|| no_rule(name, &bus.name))
}

pub(crate) fn list_rules(bus: &Bus, input: &Value, context: &Context) -> Value {
    let prefix = str_of(input, "NamePrefix").unwrap_or("");
    let start = str_of(input, "NextToken").and_then(|t| t.parse::<usize>().ok()).unwrap_or(0);
    let limit = int_of(input, "Limit").map_or(100, |l| l.clamp(1, 100) as usize);
    let all: Vec<Value> = bus
        .rules
        .values()
        .filter(|r| r.name.starts_with(prefix))
        .map(|r| r.describe(&bus.name, context, false))
        .collect();
    let end = (start + limit).min(all.len());
    let mut out = Map::new();
    out.insert("Rules".into(), Value::Array(all.get(start..end).unwrap_or(&[]).to_vec()));
    // StepLab's NextToken is the index of the next rule; AWS's is opaque
    if end < all.len() {
        out.insert("NextToken".into(), json!(end.to_string()));
    }
    Value::Object(out)
}

pub(crate) fn delete_rule(bus: &mut Bus, input: &Value) -> Result<Value, ServiceError> {
    let name = str_of(input, "Name").ok_or_else(|| missing("Name"))?;
    // deleting a rule that does not exist succeeds
    if let Some(rule) = bus.rules.get(name) {
        if !rule.targets.is_empty() {
            return Err(validation("Rule can't be deleted since it has targets."));
        }
        bus.rules.remove(name);
    }
    Ok(json!({}))
}

pub(crate) fn set_state(bus: &mut Bus, input: &Value, state: &str) -> Result<Value, ServiceError> {
    let name = rule(bus, input, "Name")?.name.clone();
    bus.rules.get_mut(&name).expect("checked").state = state.into();
    Ok(json!({}))
}

/// Checks a target: an id, an ARN, at most one of `Input`, `InputPath`, `InputTransformer`,
/// `Input` valid JSON.
fn check_target(target: &Value, fifo_queue: bool) -> Result<(), ServiceError> {
    let id = str_of(target, "Id").ok_or_else(|| missing("Id"))?;
    str_of(target, "Arn").ok_or_else(|| missing("Arn"))?;
    let given = ["Input", "InputPath", "InputTransformer"]
        .iter()
        .filter(|k| target.get(**k).is_some())
        .count();
    if given > 1 {
        return Err(validation(format!(
            "Only one of Input, InputPath, or InputTransformer must be provided for target {id}."
        )));
    }
    if let Some(text) = str_of(target, "Input")
        && serde_json::from_str::<Value>(text).is_err()
    {
        // AWS's text for an Input that is not JSON is not confirmed
        return Err(validation(format!("Input for target {id} is not valid JSON.")));
    }
    if fifo_queue && target.pointer("/SqsParameters/MessageGroupId").is_none() {
        return Err(validation(format!(
            "Parameter(s) SqsParameters must be specified for target: {id}."
        )));
    }
    Ok(())
}

pub(crate) fn put_targets(
    bus: &mut Bus,
    input: &Value,
    fifo_queues: &[String],
) -> Result<Value, ServiceError> {
    let name = rule(bus, input, "Rule")?.name.clone();
    let targets = list_of(input, "Targets");
    if targets.is_empty() {
        return Err(missing("Targets"));
    }
    for target in targets {
        let arn = str_of(target, "Arn").unwrap_or("");
        check_target(target, fifo_queues.iter().any(|q| q == arn))?;
    }
    let rule = bus.rules.get_mut(&name).expect("checked");
    let mut all = rule.targets.clone();
    for target in targets {
        let id = str_of(target, "Id");
        match all.iter_mut().find(|t| str_of(t, "Id") == id) {
            Some(existing) => *existing = target.clone(),
            None => all.push(target.clone()),
        }
    }
    if all.len() > 5 {
        return Err(ServiceError::client(
            "LimitExceededException",
            format!(
                "The requested resource exceeds the maximum number allowed. Rule {name} can have at most 5 targets."
            ),
        ));
    }
    rule.targets = all;
    Ok(json!({"FailedEntryCount": 0, "FailedEntries": []}))
}

pub(crate) fn remove_targets(bus: &mut Bus, input: &Value) -> Result<Value, ServiceError> {
    let name = rule(bus, input, "Rule")?.name.clone();
    let ids: Vec<&str> = list_of(input, "Ids").iter().filter_map(Value::as_str).collect();
    if ids.is_empty() {
        return Err(missing("Ids"));
    }
    let rule = bus.rules.get_mut(&name).expect("checked");
    rule.targets.retain(|t| !ids.contains(&str_of(t, "Id").unwrap_or("")));
    Ok(json!({"FailedEntryCount": 0, "FailedEntries": []}))
}
