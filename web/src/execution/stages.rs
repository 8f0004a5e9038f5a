//! The intermediate stages of a state's input/output processing in a recorded execution, with
//! TestState's `inspectionData` names (`afterInputPath`, `afterParameters` / `afterArguments`,
//! `result`, `afterResultSelector`, `afterResultPath`).
//!
//! The engine records only a state's input and output in the history, so the stages are
//! recomputed: the state is run once more on its own with TestState, with its recorded input, the
//! variables assigned before it and its recorded task result as the mock. When an expression
//! depends on the moment (`$now()`, `$states.context`), the recomputed stages may differ from the
//! run; [`Stages::matches_recorded`] says whether the recomputed output is the recorded one.

use serde_json::{Map, Value};
use steplab_asl::{
    InspectionLevel, StartExecution, StateConfiguration, TaskOutcome, TestStateRequest,
};

use crate::execution::visits::{TaskResult, Visit};

/// The stages in the order the console's advanced view lists them.
pub const STAGE_NAMES: &[&str] = &[
    "input",
    "afterInputPath",
    "afterParameters",
    "afterArguments",
    "result",
    "afterResultSelector",
    "afterResultPath",
];

/// The stages of one visit.
#[derive(Clone, Debug, PartialEq)]
pub struct Stages {
    /// `(inspectionData name, JSON text)` in [`STAGE_NAMES`] order.
    pub stages: Vec<(&'static str, String)>,
    /// `errorDetails` when the state's error was caught or retried.
    pub error_details: Option<Value>,
    /// Whether the recomputed output is the one the execution recorded.
    pub matches_recorded: bool,
}

/// Whether stage `name` of `visit` (as far as the events shown go) had been reached: the
/// debugger's cursor back in time, or a live run held one event at a time, shows no stage the
/// run had not computed yet at that event. The input is there once the state is entered; the
/// stages before the work once its work started (an event after the entered one); `result` once
/// the task's result is in; the stages after it once the state exited.
pub fn reached(visit: &Visit, name: &str) -> bool {
    if visit.exited.is_some() {
        return true;
    }
    match name {
        "input" => true,
        "result" => visit.task_result.is_some(),
        "afterResultSelector" | "afterResultPath" => false,
        _ => visit.events.len() > 1,
    }
}

/// The state named `name` anywhere in `definition` (states inside Map and Parallel included), and
/// whether it is a top-level state.
pub fn find_state<'a>(definition: &'a Value, name: &str) -> Option<(&'a Value, bool)> {
    fn search<'a>(scope: &'a Value, name: &str) -> Option<&'a Value> {
        let states = scope.get("States")?.as_object()?;
        if let Some(s) = states.get(name) {
            return Some(s);
        }
        states.values().find_map(|s| {
            ["ItemProcessor", "Iterator"]
                .iter()
                .find_map(|k| s.get(*k).and_then(|p| search(p, name)))
                .or_else(|| s.get("Branches")?.as_array()?.iter().find_map(|b| search(b, name)))
        })
    }
    let top = definition.get("States").and_then(|s| s.get(name));
    match top {
        Some(s) => Some((s, true)),
        None => search(definition, name).map(|s| (s, false)),
    }
}

/// Recomputes the stages of `visit` of an execution of `definition` (JSON text); `variables` are
/// those assigned before it; `start` names the execution. `Err` says why they cannot be shown.
pub fn stages(
    definition: &str,
    visit: &Visit,
    variables: Map<String, Value>,
    start: StartExecution,
) -> Result<Stages, String> {
    if matches!(visit.state_type.as_str(), "Map" | "Parallel") {
        return Err(format!(
            "The stages of a {} state are not recomputed: open its iterations to see each one's input and output.",
            visit.state_type
        ));
    }
    let input_text = visit.input.as_deref().ok_or("The state has no recorded input.")?;
    let input: Value = serde_json::from_str(input_text).map_err(|e| e.to_string())?;
    let machine: Value = serde_json::from_str(definition).map_err(|e| e.to_string())?;
    let (state, top_level) =
        find_state(&machine, &visit.state).ok_or("The state is not in the definition.")?;
    let lone = if top_level {
        None
    } else {
        // a nested state is tested alone, in the machine's query language unless it names its own
        let mut s = state.clone();
        if let (Some(obj), Some(ql)) = (s.as_object_mut(), machine.get("QueryLanguage"))
            && !obj.contains_key("QueryLanguage")
        {
            obj.insert("QueryLanguage".into(), ql.clone());
        }
        Some(s.to_string())
    };
    let mock = match &visit.task_result {
        Some(TaskResult::Succeeded(text)) => {
            Some(TaskOutcome::Succeeded(serde_json::from_str(text).map_err(|e| e.to_string())?))
        }
        Some(TaskResult::Failed { error, cause }) => {
            Some(TaskOutcome::Failed { error: error.clone(), cause: cause.clone() })
        }
        None => None,
    };
    if visit.state_type == "Task" && mock.is_none() {
        return Err("The task has not answered yet.".into());
    }
    let request = TestStateRequest {
        definition: lone.unwrap_or_else(|| definition.to_owned()),
        state_name: Some(visit.state.clone()),
        input,
        variables,
        mock,
        inspection_level: InspectionLevel::Debug,
        state_configuration: StateConfiguration {
            // the last attempt is the one recomputed
            retrier_retry_count: u64::from(visit.retries()),
            ..StateConfiguration::default()
        },
        ..TestStateRequest::default()
    };
    let result = steplab_asl::test_state(&request, start);
    if let Some(e) = &result.exception {
        return Err(e.message.clone());
    }
    if let Some(d) = result.diagnostics.first()
        && result.inspection_data.is_empty()
    {
        return Err(d.message.clone());
    }
    let stages = STAGE_NAMES
        .iter()
        .filter_map(|n| {
            result.inspection_data.get(*n).and_then(Value::as_str).map(|t| (*n, t.to_owned()))
        })
        .collect();
    let recorded: Option<Value> =
        visit.output.as_deref().and_then(|o| serde_json::from_str(o).ok());
    Ok(Stages {
        stages,
        error_details: result.inspection_data.get("errorDetails").cloned(),
        matches_recorded: recorded.is_none() || recorded == result.output,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::execution::visits::Timeline;
    use serde_json::json;

    fn start() -> StartExecution {
        StartExecution::new("M", "e", "ca-central-1", "123456789012", 1_000, 7)
    }

    fn render(s: &Stages) -> String {
        let mut out: String = s.stages.iter().map(|(n, t)| format!("{n}: {t}\n")).collect();
        out.push_str(&format!("matches: {}\n", s.matches_recorded));
        out
    }

    #[test]
    fn stages_reached_at_each_event() {
        let def = json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "f"}, "ResultPath": "$.r", "End": true}}});
        let (events, _) = crate::execution::visits::tests::run(&def, json!({}), |_| {
            TaskOutcome::Succeeded(json!({"Payload": 1}))
        });
        // at each event of the history, the stages shown
        let shown: Vec<String> = (2..=events.len())
            .map(|n| {
                let t = Timeline::new(&events[..n], "RUNNING");
                let names: Vec<&str> =
                    STAGE_NAMES.iter().copied().filter(|s| reached(&t.visits[0], s)).collect();
                format!("{}: {}", crate::execution::history::kind(&events[n - 1]), names.join(" "))
            })
            .collect();
        expect_test::expect![[r#"
            [
                "TaskStateEntered: input",
                "TaskScheduled: input afterInputPath afterParameters afterArguments",
                "TaskStarted: input afterInputPath afterParameters afterArguments",
                "TaskSucceeded: input afterInputPath afterParameters afterArguments result",
                "TaskStateExited: input afterInputPath afterParameters afterArguments result afterResultSelector afterResultPath",
                "ExecutionSucceeded: input afterInputPath afterParameters afterArguments result afterResultSelector afterResultPath",
            ]
        "#]]
        .assert_debug_eq(&shown);
    }

    #[test]
    fn jsonpath_task_stages() {
        let def = json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "InputPath": "$.in", "Parameters": {"FunctionName": "f", "Payload.$": "$"},
            "ResultSelector": {"p.$": "$.Payload"}, "ResultPath": "$.r", "End": true}}});
        let (events, status) =
            crate::execution::visits::tests::run(&def, json!({"in": {"a": 1}}), |_| {
                TaskOutcome::Succeeded(json!({"Payload": {"b": 2}, "StatusCode": 200}))
            });
        let t = Timeline::new(&events, &status);
        let s = stages(&def.to_string(), &t.visits[0], Map::new(), start()).expect("stages");
        expect_test::expect![[r#"
            input: {"in":{"a":1}}
            afterInputPath: {"a":1}
            afterParameters: {"FunctionName":"f","Payload":{"a":1}}
            result: {"Payload":{"b":2},"StatusCode":200}
            afterResultSelector: {"p":{"b":2}}
            afterResultPath: {"in":{"a":1},"r":{"p":{"b":2}}}
            matches: true
        "#]]
        .assert_eq(&render(&s));
    }

    #[test]
    fn nested_jsonata_state_stages() {
        let def = json!({"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {"Type": "Map",
            "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% $states.input * 10 %}", "End": true}}}, "End": true}}});
        let (events, status) = crate::execution::visits::tests::run(&def, json!([1, 2]), |_| {
            TaskOutcome::Succeeded(json!(null))
        });
        let t = Timeline::new(&events, &status);
        let (i, second) = t.visits_of("P").nth(1).expect("second iteration");
        assert!(i > 0);
        let s = stages(&def.to_string(), second, Map::new(), start()).expect("stages");
        expect_test::expect![[r#"
            input: 2
            matches: true
        "#]]
        .assert_eq(&render(&s));
        let map = &t.visits[0];
        assert!(stages(&def.to_string(), map, Map::new(), start()).is_err());
    }
}
