//! Amazon EventBridge in memory.
//!
//! Operations: CreateEventBus, DescribeEventBus, DeleteEventBus, ListEventBuses, PutRule
//! (`EventPattern`, `ScheduleExpression`, `State`), DescribeRule, ListRules, DeleteRule,
//! EnableRule, DisableRule, PutTargets, RemoveTargets, ListTargetsByRule, PutEvents. The
//! `default` bus always exists. An event put on a bus goes to the targets of every enabled rule
//! whose pattern it matches (see [`pattern`]): Lambda functions and state machines through
//! [`crate::Effect`]s, SQS queues and SNS topics within the call. Targets take `Input`,
//! `InputPath`, `InputTransformer` and, for FIFO queues, `SqsParameters.MessageGroupId`.
//!
//! Not emulated: schedules (`ScheduleExpression` is kept, never fired), archives and replays,
//! event buses as targets, API destinations and the other target kinds, retries and dead-letter
//! queues, permissions and policies, partner and AWS service events, tags, `cidr` patterns.

mod errors;
pub mod pattern;
mod put_events;
mod rule;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

pub use rule::Rule;

use crate::ids::Ids;
use crate::input::{list_of, str_of};
use crate::sns::Sns;
use crate::sqs::Sqs;
use crate::{Context, Response, ServiceError};
use errors::{missing, no_bus, validation};

/// An event bus and its rules, by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Bus {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub rules: BTreeMap<String, Rule>,
}

impl Bus {
    fn new(name: &str) -> Self {
        Self { name: name.into(), description: None, rules: BTreeMap::new() }
    }
}

/// Every event bus, by name; `default` is always there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Events {
    pub buses: BTreeMap<String, Bus>,
}

impl Default for Events {
    fn default() -> Self {
        Self { buses: BTreeMap::from([("default".to_string(), Bus::new("default"))]) }
    }
}

fn bus_arn(name: &str, context: &Context) -> String {
    format!("arn:aws:events:{}:{}:event-bus/{name}", context.region, context.account)
}

impl Events {
    /// Calls `operation` with `input`; deliveries to queues and topics go into `sqs` and `sns`.
    pub fn call(
        &mut self,
        sqs: &mut Sqs,
        sns: &mut Sns,
        operation: &str,
        input: &Value,
        ids: &mut Ids,
        context: &Context,
    ) -> Result<Response, ServiceError> {
        let output = match operation {
            "CreateEventBus" => {
                let name = str_of(input, "Name").ok_or_else(|| missing("Name"))?;
                let valid = !name.is_empty()
                    && name.len() <= 256
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/'));
                if !valid || name == "default" {
                    return Err(validation(format!("Event bus name {name} is not valid.")));
                }
                if self.buses.contains_key(name) {
                    return Err(ServiceError::client(
                        "ResourceAlreadyExistsException",
                        format!("Event bus {name} already exists."),
                    ));
                }
                let mut bus = Bus::new(name);
                bus.description = str_of(input, "Description").map(str::to_string);
                self.buses.insert(name.into(), bus);
                json!({"EventBusArn": bus_arn(name, context)})
            }
            "DescribeEventBus" => {
                let bus = self.bus(input, "Name")?;
                let mut out = json!({"Name": bus.name, "Arn": bus_arn(&bus.name, context)});
                if let Some(d) = &bus.description {
                    out["Description"] = json!(d);
                }
                out
            }
            "DeleteEventBus" => {
                let name = str_of(input, "Name").ok_or_else(|| missing("Name"))?;
                if name == "default" {
                    return Err(validation("Cannot delete event bus default."));
                }
                // deleting a bus that does not exist succeeds; its rules go with it (whether AWS
                // refuses a bus that still has rules is not confirmed)
                self.buses.remove(name);
                json!({})
            }
            "ListEventBuses" => {
                let prefix = str_of(input, "NamePrefix").unwrap_or("");
                let buses: Vec<Value> = self
                    .buses
                    .values()
                    .filter(|b| b.name.starts_with(prefix))
                    .map(|b| json!({"Name": b.name, "Arn": bus_arn(&b.name, context)}))
                    .collect();
                json!({"EventBuses": buses})
            }
            "PutRule" => rule::put_rule(self.bus_mut(input)?, input, context)?,
            "DescribeRule" => {
                let bus = self.bus(input, "EventBusName")?;
                rule::rule(bus, input, "Name")?.describe(&bus.name, context, true)
            }
            "ListRules" => rule::list_rules(self.bus(input, "EventBusName")?, input, context),
            "DeleteRule" => rule::delete_rule(self.bus_mut(input)?, input)?,
            "EnableRule" => rule::set_state(self.bus_mut(input)?, input, "ENABLED")?,
            "DisableRule" => rule::set_state(self.bus_mut(input)?, input, "DISABLED")?,
            "PutTargets" => {
                let fifo_queues: Vec<String> =
                    sqs.queues.values().filter(|q| q.fifo()).map(|q| q.arn.clone()).collect();
                rule::put_targets(self.bus_mut(input)?, input, &fifo_queues)?
            }
            "RemoveTargets" => rule::remove_targets(self.bus_mut(input)?, input)?,
            "ListTargetsByRule" => {
                let bus = self.bus(input, "EventBusName")?;
                json!({"Targets": rule::rule(bus, input, "Rule")?.targets})
            }
            "PutEvents" => {
                let entries = list_of(input, "Entries");
                if entries.is_empty() || entries.len() > 10 {
                    return Err(validation(format!(
                        "1 validation error detected: Value '{}' at 'entries' failed to satisfy constraint: Member must have length {}",
                        Value::Array(entries.to_vec()),
                        if entries.is_empty() {
                            "greater than or equal to 1"
                        } else {
                            "less than or equal to 10"
                        }
                    )));
                }
                let mut reach = put_events::Reach { sqs, sns, ids };
                let (output, effects) = self.put_events(entries, &mut reach, context);
                return Ok(Response { output, effects });
            }
            _ => return Err(ServiceError::unknown_operation("events", operation)),
        };
        Ok(Response::output(output))
    }

    /// The bus `member` names (by name or ARN), `default` when left out.
    fn bus(&self, input: &Value, member: &str) -> Result<&Bus, ServiceError> {
        let name = str_of(input, member).unwrap_or("default");
        let name = name.rsplit('/').next().unwrap_or(name);
        self.buses.get(name).ok_or_else(|| no_bus(name))
    }

    fn bus_mut(&mut self, input: &Value) -> Result<&mut Bus, ServiceError> {
        let name = str_of(input, "EventBusName").unwrap_or("default");
        let name = name.rsplit('/').next().unwrap_or(name);
        self.buses.get_mut(name).ok_or_else(|| no_bus(name))
    }
}
