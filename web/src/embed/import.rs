//! "Open in StepLab": an embed in lab mode links to `index.html#/import/<base64url content>`; this
//! page says what the content would add to the user's workspace and adds it only when they confirm
//! (Import, then the role dialog a new state machine gets). A bad link changes nothing.

use yew::prelude::*;
use yew_router::prelude::*;

use super::content::{self, Content};
use crate::app::WorkspaceContext;
use crate::pages::role_dialog::RoleDialog;
use crate::route::Route;
use crate::store::{Action, Function, StateMachine, Workspace};

/// What importing `content` into `workspace` does, one line per function and for the state machine.
pub fn plan(workspace: &Workspace, content: &Content) -> Vec<String> {
    let mut lines: Vec<String> = content
        .functions
        .iter()
        .map(|f| match workspace.function(&f.name) {
            None => format!("Creates the Lambda function {} (Python 3.11).", f.name),
            Some(mine) if mine.code == f.code && mine.handler == f.handler => {
                format!("Keeps your Lambda function {}: it has the same code.", f.name)
            }
            Some(_) => format!("Replaces the code of your Lambda function {}.", f.name),
        })
        .collect();
    lines.push(match workspace.state_machine(&content.name) {
        None => format!("Creates the state machine {} (Standard).", content.name),
        Some(mine) if mine.definition == content.definition => {
            format!("Keeps your state machine {}: it has the same definition.", content.name)
        }
        Some(_) => format!("Replaces the definition of your state machine {}.", content.name),
    });
    lines
}

/// The changes that import `content` (`role_name` for a state machine that is new).
pub fn actions(
    workspace: &Workspace,
    content: &Content,
    role_name: &str,
    now_millis: i64,
) -> Vec<Action> {
    let mut out: Vec<Action> = content
        .functions
        .iter()
        .map(|f| {
            let base = workspace
                .function(&f.name)
                .cloned()
                .unwrap_or_else(|| Function::new(&f.name, "python3.11", now_millis));
            Action::PutFunction(Function {
                code: f.code.clone(),
                handler: f.handler.clone(),
                draft: None,
                last_modified_millis: now_millis,
                ..base
            })
        })
        .collect();
    let machine = match workspace.state_machine(&content.name) {
        Some(mine) => StateMachine { definition: content.definition.clone(), ..mine.clone() },
        None => StateMachine {
            name: content.name.clone(),
            kind: "STANDARD".into(),
            definition: content.definition.clone(),
            role_name: role_name.to_owned(),
            creation_millis: now_millis,
            config: crate::studio::config::MachineConfig::default(),
        },
    };
    out.push(Action::PutStateMachine(machine));
    out
}

#[derive(Properties, PartialEq)]
pub struct ImportProps {
    /// The content, base64url.
    pub data: AttrValue,
}

#[component]
pub fn ImportPage(props: &ImportProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let navigator = use_navigator();
    let confirming = use_state(|| false);
    let parsed = content::decode(&props.data).and_then(|t| content::parse(&t, "The link"));
    let content = match parsed {
        Err(e) => {
            return html! {
                <section class="import-page">
                    <h1>{ "Open in StepLab" }</h1>
                    <div class="flash flash-error" role="alert" id="import-problem">
                        { format!("This link cannot be opened. {e}. Your workspace was not changed.") }
                    </div>
                    <Link<Route> to={Route::Home} classes="button">{ "Back to StepLab" }</Link<Route>>
                </section>
            };
        }
        Ok(c) => c,
    };
    let import = {
        let (workspace, content, navigator) =
            (workspace.clone(), content.clone(), navigator.clone());
        Callback::from(move |role_name: String| {
            for action in actions(&workspace, &content, &role_name, crate::driver::now_millis()) {
                workspace.dispatch(action);
            }
            if let Some(n) = &navigator {
                n.push(&Route::StateMachine { name: content.name.clone() });
            }
        })
    };
    let on_import = {
        let (confirming, import, content, workspace) =
            (confirming.clone(), import.clone(), content.clone(), workspace.clone());
        Callback::from(move |_: MouseEvent| {
            // a new state machine gets its role first, as Create does
            if workspace.state_machine(&content.name).is_some() {
                import.emit(String::new());
            } else {
                confirming.set(true);
            }
        })
    };
    html! {
        <section class="import-page">
            <h1>{ "Open in StepLab" }</h1>
            <div class="panel">
                <p>{ "Importing " }<strong>{ content.title.clone().unwrap_or_else(|| content.name.clone()) }</strong>{ " into your workspace:" }</p>
                <ul id="import-plan">{ for plan(&workspace, &content).into_iter().map(|l| html! { <li>{ l }</li> }) }</ul>
                <p>{ "Input to start an execution with:" }</p>
                <pre class="json">{ &content.input }</pre>
                <div class="actions">
                    <Link<Route> to={Route::Home} classes="button">{ "Cancel" }</Link<Route>>
                    <button class="button primary" id="import-confirm" onclick={on_import}>{ "Import" }</button>
                </div>
            </div>
            if *confirming {
                <RoleDialog state_machine={content.name.clone()} definition={content.definition.clone()}
                    on_cancel={{ let c = confirming.clone(); Callback::from(move |()| c.set(false)) }}
                    on_confirm={import} />
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lab() -> Content {
        content::parse(
            r#"{"name": "SimpleLab", "definition": {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
                "functions": {"HelloStepFunction": "def lambda_handler(e, c):\n    return 1\n"}}"#,
            "t",
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn plan_says_what_is_new_kept_or_replaced() {
        let c = lab();
        let empty = Workspace::default();
        assert_eq!(
            plan(&empty, &c),
            [
                "Creates the Lambda function HelloStepFunction (Python 3.11).",
                "Creates the state machine SimpleLab (Standard)."
            ]
        );
        let mut mine = Workspace::default();
        for a in actions(&empty, &c, "StepFunctions-SimpleLab-role-abc", 5) {
            mine = std::rc::Rc::unwrap_or_clone(yew::Reducible::reduce(std::rc::Rc::new(mine), a));
        }
        assert_eq!(
            mine.state_machine("SimpleLab").map(|s| s.role_name.as_str()),
            Some("StepFunctions-SimpleLab-role-abc")
        );
        assert_eq!(
            mine.function("HelloStepFunction").map(|f| f.code.as_str()),
            Some(c.functions[0].code.as_str())
        );
        assert_eq!(
            plan(&mine, &c),
            [
                "Keeps your Lambda function HelloStepFunction: it has the same code.",
                "Keeps your state machine SimpleLab: it has the same definition."
            ]
        );
        let mut changed = c.clone();
        changed.functions[0].code.push('\n');
        changed.definition.push(' ');
        assert_eq!(
            plan(&mine, &changed),
            [
                "Replaces the code of your Lambda function HelloStepFunction.",
                "Replaces the definition of your state machine SimpleLab."
            ]
        );
        // an existing state machine keeps its role
        let again = actions(&mine, &changed, "other", 6);
        let Some(Action::PutStateMachine(m)) = again.last() else { panic!("no state machine") };
        assert_eq!(m.role_name, "StepFunctions-SimpleLab-role-abc");
    }
}
