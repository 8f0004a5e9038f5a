//! A real execution imported from AWS (`steplab_asl::import` reads the CLI's JSON): the record the
//! workspace keeps for it, beside the executions StepLab ran, marked as imported.

use steplab_asl::import::{ImportInput, ImportProblem, ImportedExecution, read_execution};

use crate::execution::record::{ExecutionRecord, Imported};
use crate::store::Workspace;

/// What a person pasted or opened: the history, and optionally `describe-execution` and the
/// definition (`describe-state-machine(-for-execution)` or ASL); without one, the state
/// machine's own definition is the one checked against.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportTexts {
    pub history: String,
    pub execution: String,
    pub definition: String,
}

/// Why an import was refused: the reader's located problems, or the workspace's.
#[derive(Clone, Debug, PartialEq)]
pub enum Refused {
    Problems(Vec<ImportProblem>),
    /// The workspace already has an execution of that name under the state machine (AWS's
    /// `ExecutionAlreadyExists`), or the name is not one AWS takes.
    Name(String),
}

/// Reads `texts` for state machine `state_machine` of `workspace` and makes the record to keep,
/// named `name` (or as `describe-execution` names it, or `imported-<start time>`). Nothing is kept
/// here: the caller puts the record in the workspace only when this succeeds.
pub fn import(
    workspace: &Workspace,
    state_machine: &str,
    texts: &ImportTexts,
    name: Option<&str>,
    now_millis: i64,
) -> Result<ExecutionRecord, Refused> {
    let own = workspace.state_machine(state_machine).map(|m| m.definition.as_str()).unwrap_or("");
    let blank = |t: &str| t.trim().is_empty();
    let imported = read_execution(ImportInput {
        history: &texts.history,
        execution: (!blank(&texts.execution)).then_some(texts.execution.as_str()),
        definition: if blank(&texts.definition) { own } else { &texts.definition },
    })
    .map_err(Refused::Problems)?;
    let name = name
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .or_else(|| imported.name.clone())
        .unwrap_or_else(|| default_name(imported.start_millis));
    if let Some(p) = steplab_asl::name_problem(&name) {
        return Err(Refused::Name(p));
    }
    if workspace.execution(state_machine, &name).is_some() {
        return Err(Refused::Name(format!(
            "Execution Already Exists: '{}'",
            workspace.partition.execution_arn(state_machine, &name)
        )));
    }
    Ok(record(workspace, state_machine, &name, imported, now_millis))
}

/// `imported-20260102T030405Z`: a name from the start time, for a history imported alone.
pub fn default_name(start_millis: i64) -> String {
    let t = steplab_asl::history::cli_timestamp(start_millis);
    // 2026-01-02T03:04:05.678000+00:00
    let digits: String = t[..19].chars().filter(char::is_ascii_alphanumeric).collect();
    format!("imported-{digits}Z")
}

fn record(
    workspace: &Workspace,
    state_machine: &str,
    name: &str,
    imported: ImportedExecution,
    now_millis: i64,
) -> ExecutionRecord {
    let events: Vec<serde_json::Value> = imported.events.iter().map(|e| e.to_json()).collect();
    let state_machine_arn = imported
        .description
        .as_ref()
        .map(|d| d.state_machine_arn.clone())
        .or_else(|| imported.machine.as_ref().and_then(|m| m.state_machine_arn.clone()));
    ExecutionRecord {
        name: name.to_owned(),
        arn: workspace.partition.execution_arn(state_machine, name),
        state_machine: state_machine.to_owned(),
        definition: imported.definition,
        input: imported.input,
        status: imported.status,
        output: imported.output,
        error: imported.error,
        cause: imported.cause,
        start_millis: imported.start_millis,
        stop_millis: imported.stop_millis,
        events: events.into(),
        logs: Vec::new(),
        seed: None,
        mock_test_case: None,
        mocks: None,
        stages: std::rc::Rc::default(),
        imported: Some(Imported {
            execution_arn: imported.description.map(|d| d.execution_arn),
            state_machine_arn,
            imported_millis: now_millis,
        }),
        unread: None,
        map_runs: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn workspace() -> Workspace {
        let machine: crate::store::StateMachine = serde_json::from_value(json!({
            "name": "M", "kind": "STANDARD", "role_name": "r", "creation_millis": 0,
            "definition": r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#
        }))
        .expect("a machine");
        Workspace { state_machines: vec![machine], ..Workspace::default() }
    }

    fn history(state: &str) -> String {
        json!({"events": [
            {"timestamp": "2026-01-02T04:04:05.678000+01:00", "type": "ExecutionStarted", "id": 1, "previousEventId": 0,
             "executionStartedEventDetails": {"input": "{\"a\":1}", "inputDetails": {"truncated": false}}},
            {"timestamp": 1_767_323_045.7, "type": "PassStateEntered", "id": 2, "previousEventId": 0,
             "stateEnteredEventDetails": {"name": state, "input": "{\"a\":1}"}},
            {"timestamp": 1_767_323_045.7, "type": "PassStateExited", "id": 3, "previousEventId": 2,
             "stateExitedEventDetails": {"name": state, "output": "{\"a\":1}"}},
            {"timestamp": 1_767_323_045.8, "type": "ExecutionSucceeded", "id": 4, "previousEventId": 3,
             "executionSucceededEventDetails": {"output": "{\"a\":1}"}}
        ]})
        .to_string()
    }

    #[test]
    fn a_history_becomes_a_record_marked_imported() {
        let w = workspace();
        let texts = ImportTexts { history: history("A"), ..ImportTexts::default() };
        let r = import(&w, "M", &texts, None, 99).expect("imported");
        assert_eq!(r.name, "imported-20260102T030405Z");
        assert_eq!((r.status.as_str(), r.input.as_str()), ("SUCCEEDED", "{\"a\":1}"));
        assert_eq!(r.events.len(), 4);
        // the events as StepLab keeps its own: times in UTC as the CLI writes them
        assert_eq!(r.events.events()[1]["timestamp"], "2026-01-02T03:04:05.700000+00:00");
        assert_eq!(r.stop_millis, Some(1_767_323_045_800));
        assert_eq!(r.imported.as_ref().map(|i| i.imported_millis), Some(99));
        // the definition checked against is the machine's own
        assert_eq!(r.definition, w.state_machines[0].definition);
        // an execution still running when its history was read is never closed as orphaned
        let mut running: serde_json::Value = serde_json::from_str(&texts.history).expect("json");
        running["events"].as_array_mut().map(Vec::pop);
        let texts = ImportTexts { history: running.to_string(), ..ImportTexts::default() };
        let open = import(&w, "M", &texts, Some("open"), 99).expect("imported");
        assert_eq!(open.status, "RUNNING");
        assert!(!crate::execution::recovery::is_orphan(&open, None, i64::MAX));
        // a record read back from the store is the same
        let back: ExecutionRecord =
            serde_json::from_value(serde_json::to_value(&r).expect("json")).expect("record");
        assert_eq!(back, r);
    }

    #[test]
    fn a_bad_import_keeps_nothing_and_says_where() {
        let w = workspace();
        let other = ImportTexts { history: history("Z"), ..ImportTexts::default() };
        let Err(Refused::Problems(p)) = import(&w, "M", &other, None, 0) else { panic!("refused") };
        assert_eq!(p[0].kind, steplab_asl::import::ProblemKind::OtherMachine);
        assert_eq!(p[0].pointer, "/events/1/stateEnteredEventDetails/name");
        let bad = ImportTexts { history: "{\"events\": [}".into(), ..ImportTexts::default() };
        let Err(Refused::Problems(p)) = import(&w, "M", &bad, None, 0) else { panic!("refused") };
        // the column after the character, as the definition editor's JSON errors count it
        assert_eq!((p[0].line, p[0].column), (1, 14));
        // the name is taken
        let mut w = w;
        let texts = ImportTexts { history: history("A"), ..ImportTexts::default() };
        let r = import(&w, "M", &texts, Some("run-1"), 0).expect("imported");
        w.executions.push(r);
        assert!(matches!(import(&w, "M", &texts, Some("run-1"), 0), Err(Refused::Name(_))));
        assert!(matches!(import(&w, "M", &texts, Some("bad name"), 0), Err(Refused::Name(_))));
    }
}
