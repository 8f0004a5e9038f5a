//! Bringing a shared state machine into the workspace: which names are taken by something
//! different, and the state machine and functions to put once the person has chosen, for each
//! taken name, to replace what is there or to import under another name. No `web_sys` here.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::export::refs::{function_uses, with_name};
use crate::share::codec::Shared;
use crate::store::{Function, StateMachine, Workspace};

/// What kind of thing a name belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    StateMachine,
    Function,
}

/// A shared item whose name is taken in the workspace by something different.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub kind: Kind,
    pub name: String,
}

/// How an item whose name is taken comes in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Resolution {
    /// Replace what the workspace has under that name.
    #[default]
    Replace,
    /// Import under this name instead (a function's callers in the definition follow it).
    Rename(String),
}

/// The person's choices, by original name (an item not named here is replaced).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Choices {
    pub state_machine: Resolution,
    pub functions: BTreeMap<String, Resolution>,
}

/// What goes into the workspace.
#[derive(Clone, Debug, PartialEq)]
pub struct Import {
    pub state_machine: StateMachine,
    pub functions: Vec<Function>,
    pub input: Option<String>,
    /// Resources to add (those whose names the workspace uses are left as they are).
    pub resources: Option<steplab_services::Services>,
}

/// The items of `shared` whose names the workspace already gives to something different (an
/// identical item is no conflict: importing it changes nothing). The state machine is compared as
/// it would come in with `choices` (renaming a function it calls changes its definition).
pub fn conflicts(shared: &Shared, workspace: &Workspace, choices: &Choices) -> Vec<Conflict> {
    let mut out = Vec::new();
    let own_name = Choices { state_machine: Resolution::Replace, ..choices.clone() };
    let machine = resolve(shared, workspace, &own_name)
        .map_or_else(|_| shared.state_machine.clone(), |i| i.state_machine);
    if workspace.state_machine(&machine.name).is_some_and(|m| *m != machine) {
        out.push(Conflict { kind: Kind::StateMachine, name: machine.name.clone() });
    }
    for f in &shared.functions {
        if workspace.function(&f.config.function_name).is_some_and(|g| g != f) {
            out.push(Conflict { kind: Kind::Function, name: f.config.function_name.clone() });
        }
    }
    out
}

/// The state machine and functions to put, or why the choices cannot be carried out.
pub fn resolve(
    shared: &Shared,
    workspace: &Workspace,
    choices: &Choices,
) -> Result<Import, String> {
    let mut machine = shared.state_machine.clone();
    if let Resolution::Rename(name) = &choices.state_machine {
        steplab_runner::names::check_state_machine_name(name)
            .map_err(|e| format!("State machine name {name:?}: {e}"))?;
        if workspace.state_machine(name).is_some() {
            return Err(format!("A state machine named {name:?} already exists."));
        }
        machine.name.clone_from(name);
    }
    let mut functions = shared.functions.clone();
    let mut definition: Option<Value> = None;
    for f in &mut functions {
        let Some(Resolution::Rename(name)) = choices.functions.get(&f.config.function_name) else {
            continue;
        };
        if *name == f.config.function_name {
            continue;
        }
        steplab_runner::names::check_function_name(name)
            .map_err(|e| format!("Function name {name:?}: {e}"))?;
        if workspace.function(name).is_some()
            || shared.functions.iter().any(|g| g.config.function_name == *name)
        {
            return Err(format!("A function named {name:?} already exists."));
        }
        let value = match &mut definition {
            Some(v) => v,
            None => definition.insert(
                serde_json::from_str(&machine.definition)
                    .map_err(|e| format!("The definition is not JSON: {e}"))?,
            ),
        };
        for u in function_uses(value) {
            if u.function.name == f.config.function_name
                && let Some(slot) = value.pointer_mut(&u.pointer)
            {
                *slot = Value::String(with_name(&u.text, name));
            }
        }
        f.config.function_name.clone_from(name);
    }
    if functions.iter().enumerate().any(|(i, f)| {
        functions[..i].iter().any(|g| g.config.function_name == f.config.function_name)
    }) {
        return Err("Two functions would have the same name.".into());
    }
    if let Some(v) = definition {
        // only a renamed function rewrites the definition (re-indented by two spaces)
        machine.definition = serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?;
    }
    Ok(Import {
        state_machine: machine,
        functions,
        input: shared.input.clone(),
        resources: shared.resources.clone(),
    })
}

/// What Share puts in a link for the state machine `name`: the machine, the workspace's functions
/// its definition calls (deployed code; undeployed edits stay behind), and the input of its last
/// execution, else `input` (e.g. the input it was shared with).
pub fn slice(workspace: &Workspace, name: &str, input: Option<String>) -> Option<Shared> {
    let machine = workspace.state_machine(name)?.clone();
    let called: Vec<String> = serde_json::from_str::<Value>(&machine.definition)
        .map(|d| function_uses(&d).into_iter().map(|u| u.function.name).collect())
        .unwrap_or_default();
    let functions: Vec<Function> = workspace
        .functions
        .iter()
        .filter(|f| called.contains(&f.config.function_name))
        .map(|f| Function { draft: None, ..f.clone() })
        .collect();
    let last = workspace
        .executions
        .iter()
        .filter(|e| e.state_machine == name)
        .max_by_key(|e| e.start_millis)
        .map(|e| e.input.clone());
    // the resources the definition or the functions' code name
    let mut texts: Vec<&str> = vec![&machine.definition, &machine.name];
    texts.extend(functions.iter().map(|f: &Function| f.config.code.as_str()));
    let resources = workspace.services.named_in(&texts);
    let resources = (!resources.resource_names().is_empty()).then_some(resources);
    Some(Shared {
        steplab_share: crate::share::codec::FORMAT_VERSION,
        state_machine: machine,
        functions,
        input: last.or(input),
        resources,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::codec::tests::lab;

    fn workspace_with(shared: &Shared) -> Workspace {
        Workspace {
            functions: shared.functions.clone(),
            state_machines: vec![shared.state_machine.clone()],
            ..Workspace::default()
        }
    }

    #[test]
    fn into_an_empty_workspace_everything_comes_as_it_is() {
        let shared = lab();
        assert_eq!(conflicts(&shared, &Workspace::default(), &Choices::default()), []);
        let import = resolve(&shared, &Workspace::default(), &Choices::default()).unwrap();
        assert_eq!(import.state_machine, shared.state_machine);
        assert_eq!(import.functions, shared.functions);
        assert_eq!(import.input, shared.input);
        // the same items again: nothing to choose
        assert_eq!(conflicts(&shared, &workspace_with(&shared), &Choices::default()), []);
    }

    #[test]
    fn a_link_carries_the_resources_the_definition_names_through_the_codec() {
        let mut workspace = workspace_with(&lab());
        let machine = &mut workspace.state_machines[0];
        machine.definition = machine.definition.replace("\"End\": true", "\"Next\": \"Put\"");
        let context = steplab_services::Context::at(1);
        for (service, operation, input) in [
            ("sqs", "CreateQueue", serde_json::json!({"QueueName": "Audit"})),
            ("sqs", "CreateQueue", serde_json::json!({"QueueName": "unrelated"})),
        ] {
            workspace.services.call(service, operation, &input, &context).unwrap();
        }
        // the function's code names the queue
        workspace.functions[0].config.code.push_str("\n# QUEUE = 'Audit'\n");
        let shared = slice(&workspace, "SimpleLab", None).unwrap();
        let carried = shared.resources.as_ref().map(steplab_services::Services::resource_names);
        assert_eq!(carried, Some(vec!["queue Audit".to_owned()]));
        let payload = crate::share::codec::encode(&shared).unwrap();
        let back = crate::share::codec::decode(&payload).unwrap();
        assert_eq!(back.resources, shared.resources);
        let import = resolve(&back, &Workspace::default(), &Choices::default()).unwrap();
        assert_eq!(import.resources, shared.resources);
    }

    #[test]
    fn taken_names_are_replaced_or_renamed() {
        let shared = lab();
        let mut workspace = workspace_with(&shared);
        workspace.functions[0].config.code = "def lambda_handler(e, c):\n    return 1\n".into();
        workspace.state_machines[0].kind = "EXPRESS".into();
        assert_eq!(
            conflicts(&shared, &workspace, &Choices::default()),
            [
                Conflict { kind: Kind::StateMachine, name: "SimpleLab".into() },
                Conflict { kind: Kind::Function, name: "HelloStepFunction".into() },
            ]
        );
        let replaced = resolve(&shared, &workspace, &Choices::default()).unwrap();
        assert_eq!(replaced.state_machine, shared.state_machine);
        assert_eq!(replaced.functions, shared.functions);

        let choices = Choices {
            state_machine: Resolution::Rename("SimpleLab2".into()),
            functions: [("HelloStepFunction".to_owned(), Resolution::Rename("Hello2".into()))]
                .into(),
        };
        let renamed = resolve(&shared, &workspace, &choices).unwrap();
        assert_eq!(renamed.state_machine.name, "SimpleLab2");
        assert_eq!(renamed.functions[0].config.function_name, "Hello2");
        assert_eq!(renamed.functions[0].config.code, shared.functions[0].config.code);
        // the definition now calls the renamed function, and is otherwise the same
        let mut expected: Value = serde_json::from_str(&shared.state_machine.definition).unwrap();
        let at = function_uses(&expected)[0].pointer.clone();
        *expected.pointer_mut(&at).unwrap() =
            "arn:aws:lambda:ca-central-1:123456789012:function:Hello2:$LATEST".into();
        let got: Value = serde_json::from_str(&renamed.state_machine.definition).unwrap();
        assert_eq!(got, expected);
    }

    #[test]
    fn the_slice_has_the_called_functions_and_the_last_input() {
        let shared = lab();
        let mut workspace = workspace_with(&shared);
        workspace.functions[0].draft = Some("not deployed".into());
        workspace.functions.push(Function::new("NotCalled", "Python 3.11", 0));
        let got = slice(&workspace, "SimpleLab", shared.input.clone()).unwrap();
        assert_eq!(got, shared);
        assert_eq!(slice(&workspace, "Nope", None), None);
        let execution = |input: &str, start_millis: i64| -> crate::store::ExecutionRecord {
            serde_json::from_value(serde_json::json!({
                "name": format!("e{start_millis}"), "arn": "", "state_machine": "SimpleLab",
                "definition": "", "input": input, "status": "SUCCEEDED", "output": null,
                "error": null, "cause": null, "start_millis": start_millis, "stop_millis": null,
                "events": [], "logs": []
            }))
            .unwrap()
        };
        workspace.executions = vec![execution("{\"b\": 2}", 20), execution("{\"a\": 1}", 10)];
        let got = slice(&workspace, "SimpleLab", None).unwrap();
        assert_eq!(got.input.as_deref(), Some("{\"b\": 2}"));
    }

    #[test]
    fn renaming_a_function_makes_the_same_state_machine_a_conflict() {
        let shared = lab();
        let mut workspace = workspace_with(&shared);
        workspace.functions[0].config.code.push_str("# edited\n");
        let rename = Choices {
            functions: [("HelloStepFunction".to_owned(), Resolution::Rename("Hello2".into()))]
                .into(),
            ..Choices::default()
        };
        assert_eq!(
            conflicts(&shared, &workspace, &Choices::default()),
            [Conflict { kind: Kind::Function, name: "HelloStepFunction".into() }]
        );
        // the machine would now call Hello2: replacing the identical one would change it
        assert_eq!(
            conflicts(&shared, &workspace, &rename),
            [
                Conflict { kind: Kind::StateMachine, name: "SimpleLab".into() },
                Conflict { kind: Kind::Function, name: "HelloStepFunction".into() },
            ]
        );
    }

    #[test]
    fn a_rename_to_a_taken_or_invalid_name_is_refused() {
        let shared = lab();
        let mut workspace = workspace_with(&shared);
        workspace.functions.push(Function::new("Other", "Python 3.11", 0));
        let rename = |n: &str| Choices {
            functions: [("HelloStepFunction".to_owned(), Resolution::Rename(n.into()))].into(),
            ..Choices::default()
        };
        assert_eq!(
            resolve(&shared, &workspace, &rename("Other")).unwrap_err(),
            "A function named \"Other\" already exists."
        );
        assert!(
            resolve(&shared, &workspace, &rename("a b"))
                .unwrap_err()
                .starts_with("Function name \"a b\"")
        );
        let choices =
            Choices { state_machine: Resolution::Rename("SimpleLab".into()), ..Choices::default() };
        assert_eq!(
            resolve(&shared, &workspace, &choices).unwrap_err(),
            "A state machine named \"SimpleLab\" already exists."
        );
    }
}
