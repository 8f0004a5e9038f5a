//! CloudWatch Logs as the workspace's runs have written them (pure, tested natively):
//!
//! - `/aws/lambda/<function>`: each invocation's log lines (`START`, what the function wrote,
//!   `END`, `REPORT`), in the log stream of the execution environment that ran it (one stream
//!   per environment, as Lambda names them), from the executions' records; an invocation whose
//!   stream was not recorded (records of an older StepLab) is in a stream named so. The Lambda
//!   console's Test invocations are not kept, so they are not here.
//! - `/aws/vendedlogs/states/<state machine>-Logs` for a state machine whose logging is on: a
//!   stream per execution with the records its level logs (`steplab_runner::vended_logs`), read
//!   from the execution's history (an Express execution keeps only those events).

use std::collections::BTreeMap;

use steplab_runner::vended_logs::{self, LogEvent};

use crate::store::{ExecutionRecord, StateMachine, Workspace};

/// The stream of invocations whose environment's stream was not recorded.
pub const UNRECORDED_STREAM: &str = "(stream not recorded)";

/// A log group as the Log groups list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogGroup {
    pub name: String,
    pub streams: Vec<LogStream>,
}

/// A log stream: its name and the time of its last event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogStream {
    pub name: String,
    pub last_event_millis: i64,
    /// What its events are read from.
    pub source: Source,
}

/// What a stream's events come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The invocations of a function in one environment.
    Lambda { function: String },
    /// One execution's log records.
    Execution { arn: String },
}

/// The log group of `function`.
pub fn lambda_group(function: &str) -> String {
    format!("/aws/lambda/{function}")
}

/// The log groups, by name.
pub fn log_groups(workspace: &Workspace) -> Vec<LogGroup> {
    let mut groups: BTreeMap<String, BTreeMap<String, LogStream>> = BTreeMap::new();
    for record in &workspace.executions {
        for log in &record.logs {
            let name = log.log_stream_name.clone().unwrap_or_else(|| UNRECORDED_STREAM.into());
            let at = log.start_millis.unwrap_or(record.start_millis);
            let stream = groups
                .entry(lambda_group(&log.function_name))
                .or_default()
                .entry(name.clone())
                .or_insert_with(|| LogStream {
                    name,
                    last_event_millis: at,
                    source: Source::Lambda { function: log.function_name.clone() },
                });
            stream.last_event_millis = stream.last_event_millis.max(at);
        }
        if let Some(machine) = logging(workspace, record) {
            let name = stream_of(record);
            let stream = LogStream {
                name: name.clone(),
                last_event_millis: record.stop_millis.unwrap_or(record.start_millis),
                source: Source::Execution { arn: record.arn.clone() },
            };
            groups
                .entry(vended_logs::log_group_name(&machine.name))
                .or_default()
                .insert(name, stream);
        }
    }
    // a state machine that logs has its group from its creation on, executions or not
    for machine in workspace.state_machines.iter().filter(|m| logs(m)) {
        groups.entry(vended_logs::log_group_name(&machine.name)).or_default();
    }
    groups
        .into_iter()
        .map(|(name, streams)| {
            let mut streams: Vec<LogStream> = streams.into_values().collect();
            // the console lists the streams with the latest event first
            streams.sort_by_key(|s| std::cmp::Reverse(s.last_event_millis));
            LogGroup { name, streams }
        })
        .collect()
}

fn logs(machine: &StateMachine) -> bool {
    vended_logs::LEVELS.contains(&machine.config.log_level.as_str())
        && machine.config.log_level != "OFF"
}

/// The state machine of `record` if it logs.
fn logging<'w>(workspace: &'w Workspace, record: &ExecutionRecord) -> Option<&'w StateMachine> {
    workspace.state_machines.iter().find(|m| m.name == record.state_machine).filter(|m| logs(m))
}

/// The stream an execution's records are in.
pub fn stream_of(record: &ExecutionRecord) -> String {
    vended_logs::log_stream_name(&record.state_machine, record.start_millis, &record.arn)
}

/// The events of a function's stream: each line of each invocation it ran, oldest first.
pub fn lambda_events(workspace: &Workspace, function: &str, stream: &str) -> Vec<LogEvent> {
    let mut invocations: Vec<(i64, &str)> = workspace
        .executions
        .iter()
        .flat_map(|record| {
            record
                .logs
                .iter()
                .filter(move |l| {
                    l.function_name == function
                        && l.log_stream_name.as_deref().unwrap_or(UNRECORDED_STREAM) == stream
                })
                .map(move |l| (l.start_millis.unwrap_or(record.start_millis), l.log.as_str()))
        })
        .collect();
    invocations.sort_by_key(|(at, _)| *at);
    invocations
        .into_iter()
        .flat_map(|(at, log)| {
            log.lines()
                .filter(|l| !l.is_empty())
                .map(move |line| LogEvent { timestamp_millis: at, message: line.to_owned() })
        })
        .collect()
}

/// The ARN AWS gives an execution: an Express one's has the `express` form, its run id drawn
/// from the run's seed as the driver draws it.
pub fn execution_arn(workspace: &Workspace, record: &ExecutionRecord) -> String {
    let express = workspace
        .state_machines
        .iter()
        .any(|m| m.name == record.state_machine && m.kind == "EXPRESS");
    match record.seed {
        Some(seed) if express => format!(
            "arn:aws:states:{}:{}:express:{}:{}:{}",
            workspace.partition.region,
            workspace.partition.account,
            record.state_machine,
            record.name,
            steplab_runner::run::express_run_id(seed)
        ),
        _ => record.arn.clone(),
    }
}

/// The events of an execution's stream (its history must be read).
pub fn execution_events(workspace: &Workspace, record: &ExecutionRecord) -> Vec<LogEvent> {
    let Some(machine) = logging(workspace, record) else { return Vec::new() };
    vended_logs::log_events(
        &record.events.events(),
        &execution_arn(workspace, record),
        &machine.config.log_level,
        machine.config.include_execution_data,
    )
}

/// A log group's or stream's name in a page's address: `/` as `$252F`, as the CloudWatch
/// console writes them.
pub fn encode(name: &str) -> String {
    name.replace('$', "$2524").replace('/', "$252F")
}

/// The name [`encode`] wrote.
pub fn decode(text: &str) -> String {
    text.replace("$252F", "/").replace("$2524", "$")
}

#[cfg(test)]
mod tests {
    use steplab_runner::InvocationLog;

    use super::*;
    use crate::execution::event_log::EventLog;

    fn machine(name: &str, level: &str) -> StateMachine {
        let config =
            crate::studio::config::MachineConfig { log_level: level.into(), ..Default::default() };
        StateMachine {
            name: name.into(),
            kind: "STANDARD".into(),
            definition: String::new(),
            role_name: String::new(),
            creation_millis: 0,
            config,
            versions: Default::default(),
        }
    }

    fn record(machine: &str, name: &str, logs: Vec<InvocationLog>) -> ExecutionRecord {
        let events = vec![
            serde_json::json!({"timestamp": "2026-01-01T00:00:00.000000+00:00", "type": "ExecutionStarted", "id": 1, "previousEventId": 0,
                               "executionStartedEventDetails": {"input": "{}", "inputDetails": {"truncated": false}, "roleArn": "r"}}),
            serde_json::json!({"timestamp": "2026-01-01T00:00:01.000000+00:00", "type": "ExecutionFailed", "id": 2, "previousEventId": 1,
                               "executionFailedEventDetails": {"error": "E", "cause": "C"}}),
        ];
        serde_json::from_value::<ExecutionRecord>(serde_json::json!({
            "name": name, "arn": format!("arn:aws:states:ca-central-1:123456789012:execution:{machine}:{name}"),
            "state_machine": machine, "definition": "", "input": "{}", "status": "FAILED",
            "output": null, "error": "E", "cause": "C", "start_millis": 1_767_225_600_000_i64, "stop_millis": 1_767_225_601_000_i64,
            "events": [], "logs": logs,
        }))
        .map(|mut r| {
            r.events = EventLog::new(events);
            r
        })
        .unwrap()
    }

    fn log(function: &str, stream: Option<&str>, at: i64, text: &str) -> InvocationLog {
        InvocationLog {
            request_id: "id".into(),
            function_name: function.into(),
            log: text.into(),
            log_stream_name: stream.map(str::to_owned),
            start_millis: Some(at),
        }
    }

    #[test]
    fn groups_streams_and_events() {
        let workspace = Workspace {
            state_machines: vec![machine("Loud", "ERROR"), machine("Quiet", "OFF")],
            executions: vec![
                record("Loud", "a", vec![log("Greet", Some("s1"), 10, "START\nhello\nEND\n")]),
                record(
                    "Quiet",
                    "b",
                    vec![
                        log("Greet", Some("s1"), 20, "START\nagain\n"),
                        log("Greet", None, 5, "START\n"),
                    ],
                ),
            ],
            ..Workspace::default()
        };
        let groups = log_groups(&workspace);
        let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["/aws/lambda/Greet", "/aws/vendedlogs/states/Loud-Logs"]);
        let streams: Vec<&str> = groups[0].streams.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(streams, ["s1", UNRECORDED_STREAM]);
        let lines: Vec<String> =
            lambda_events(&workspace, "Greet", "s1").into_iter().map(|e| e.message).collect();
        assert_eq!(lines, ["START", "hello", "END", "START", "again"]);
        // ERROR logs the failure only
        let failed = execution_events(&workspace, &workspace.executions[0]);
        assert_eq!(failed.len(), 1);
        assert!(failed[0].message.contains("\"type\":\"ExecutionFailed\""));
        assert!(execution_events(&workspace, &workspace.executions[1]).is_empty());
    }

    #[test]
    fn names_in_addresses() {
        let name = "/aws/lambda/a$b";
        assert_eq!(encode(name), "$252Faws$252Flambda$252Fa$2524b");
        assert_eq!(decode(&encode(name)), name);
    }
}
