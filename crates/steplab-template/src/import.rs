//! [`import`]: a template's text to an [`Import`].

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::files::Files;
use crate::model::{Import, Listed, Problem};
use crate::options::Options;
use crate::resources::{self, Call};
use crate::stack::Stack;
use crate::{conditions, function, globals, kinds, locate, read, state_machine};

/// Imports the SAM or CloudFormation template `text` (JSON or YAML) as stack `options`, reading
/// the files it names through `files`. Never fails: what cannot be imported is in the result's
/// `unsupported` and `problems`.
pub fn import(text: &str, files: &dyn Files, options: &Options) -> Import {
    let mut out = Import::default();
    let template = match read::template(text) {
        Ok(t) => t,
        Err(problem) => {
            out.problems.push(problem);
            return out;
        }
    };
    let section = |name: &str| match template.get(name) {
        Some(Value::Object(map)) => Ok(map.clone()),
        None | Some(Value::Null) => Ok(Map::new()),
        Some(_) => Err(name.to_owned()),
    };
    let mut sections = BTreeMap::new();
    for name in ["Parameters", "Mappings", "Conditions", "Resources"] {
        match section(name) {
            Ok(map) => {
                sections.insert(name, map);
            }
            Err(name) => {
                out.problems.push(problem(text, None, &format!("{name} is not a map")));
                sections.insert("", Map::new());
            }
        }
    }
    let take = |sections: &mut BTreeMap<&str, Map<String, Value>>, name| {
        sections.remove(name).unwrap_or_default()
    };
    let mut resources = take(&mut sections, "Resources");
    if !template.is_object() {
        out.problems.push(problem(text, None, "a template is a map (JSON object)"));
        return out;
    }
    if resources.is_empty() {
        out.problems.push(problem(text, None, "the template has no Resources"));
    }
    globals::apply(&mut resources, template.get("Globals"));
    let stack = Stack {
        options,
        parameters: take(&mut sections, "Parameters"),
        mappings: take(&mut sections, "Mappings"),
        conditions: take(&mut sections, "Conditions"),
        resources,
        evaluated: RefCell::new(BTreeMap::new()),
        chain: Cell::new(0),
    };
    for name in options.parameters.keys() {
        if !stack.parameters.contains_key(name) {
            out.problems.push(problem(
                text,
                None,
                &format!("parameter {name}: the template declares no such parameter"),
            ));
        }
    }
    let mut calls: Vec<Call> = Vec::new();
    for (id, resource) in &stack.resources {
        let listed = |kind: &str, reason: String| {
            let at = locate::key(text, id);
            Listed {
                logical_id: id.clone(),
                resource_type: kind.to_owned(),
                reason,
                line: at.map(|a| a.0),
                column: at.map(|a| a.1),
            }
        };
        let Some(kind) = resource.get("Type").and_then(Value::as_str) else {
            out.problems.push(problem(text, Some(id), "the resource has no Type"));
            continue;
        };
        if let Some(condition) = resource.get("Condition") {
            let created = match condition {
                Value::String(c) => conditions::named(&stack, c),
                _ => Err("Condition: expected a condition's name".into()),
            };
            match created {
                Ok(true) => {}
                Ok(false) => {
                    let reason = format!(
                        "not created: its Condition {} is false",
                        condition.as_str().unwrap_or("")
                    );
                    out.skipped.push(listed(kind, reason));
                    continue;
                }
                Err(e) => {
                    out.problems.push(problem(text, Some(id), &e));
                    continue;
                }
            }
        }
        // an error that names StepLab is about what StepLab cannot emulate (every such message
        // says so: "StepLab does not emulate …", "… not supported by StepLab's import")
        let fail = |out: &mut Import, (message, unsupported): (String, bool)| {
            if unsupported || message.contains("StepLab") {
                out.unsupported.push(listed(kind, message));
            } else {
                out.problems.push(problem(text, Some(id), &message));
            }
        };
        match kind {
            "AWS::Serverless::Function" | "AWS::Lambda::Function" => {
                match function::import(&stack, id, files) {
                    Ok(f) => {
                        let (mut c, unmapped) = resources::sam_events(&stack, id, &f.arn);
                        calls.append(&mut c);
                        for (event, kind, reason) in unmapped {
                            out.unsupported.push(listed(&kind, reason).for_event(&event));
                        }
                        out.functions.push(f);
                    }
                    Err(e) => fail(&mut out, e),
                }
            }
            "AWS::Serverless::StateMachine" | "AWS::StepFunctions::StateMachine" => {
                match state_machine::import(&stack, id, files) {
                    Ok(m) => {
                        let (mut c, unmapped) = resources::sam_events(&stack, id, &m.arn);
                        calls.append(&mut c);
                        for (event, kind, reason) in unmapped {
                            out.unsupported.push(listed(&kind, reason).for_event(&event));
                        }
                        out.state_machines.push(m);
                    }
                    Err(e) => fail(&mut out, e),
                }
            }
            _ => match resources::calls(&stack, id, kind) {
                Some(Ok(c)) => {
                    for (phase, call) in c {
                        // SNS deliveries StepLab has no endpoint for (email, SMS, HTTP, …)
                        match undeliverable(&call) {
                            Some(protocol) => out.unsupported.push(listed(
                                kind,
                                format!("StepLab's SNS delivers to SQS queues and Lambda functions only: its {protocol} subscription is not created"),
                            )),
                            None => calls.push((phase, call)),
                        }
                    }
                }
                Some(Err(e)) => fail(&mut out, (e, false)),
                None => match kinds::accepted(kind) {
                    Some(reason) => out.accepted.push(listed(kind, reason.to_owned())),
                    // CloudFormation refuses a template with a type that is not one
                    None if !kinds::is_resource_type(kind) => out.problems.push(problem(
                        text,
                        Some(id),
                        &format!(
                            "Type {kind}: not a resource type (AWS::Service::Resource, Custom::Name)"
                        ),
                    )),
                    None => out.unsupported.push(listed(kind, kinds::unsupported(kind))),
                },
            },
        }
    }
    calls.sort_by_key(|(phase, _)| *phase);
    out.resources = calls.into_iter().map(|(_, call)| call).collect();
    out
}

/// The protocol of an SNS `Subscribe` call StepLab cannot deliver to.
fn undeliverable(call: &serde_json::Value) -> Option<String> {
    if call["service"] != "sns" || call["operation"] != "Subscribe" {
        return None;
    }
    // SNS's other protocols; one SNS does not have is left to fail as SNS refuses it
    let protocol = call["input"]["Protocol"].as_str().unwrap_or_default();
    matches!(
        protocol,
        "email" | "email-json" | "sms" | "http" | "https" | "application" | "firehose"
    )
    .then(|| protocol.to_owned())
}

impl Listed {
    /// The same, about event `event` of the resource (`LogicalId.Events.Name`).
    fn for_event(mut self, event: &str) -> Self {
        self.logical_id = format!("{}.Events.{event}", self.logical_id);
        self
    }
}

fn problem(text: &str, logical_id: Option<&str>, message: &str) -> Problem {
    let at = logical_id.and_then(|id| locate::key(text, id));
    Problem {
        logical_id: logical_id.map(str::to_owned),
        message: message.to_owned(),
        line: at.map(|a| a.0),
        column: at.map(|a| a.1),
    }
}
