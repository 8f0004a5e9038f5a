//! Workflow Studio: Design, Code and Config modes for a new or existing state machine, and Create / Save.

use steplab_asl::Severity;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::WorkspaceContext;
use crate::components::code_editor::CodeEditor;
use crate::driver::now_millis;
use crate::graph::Graph;
use crate::pages::input_value;
use crate::pages::role_dialog::RoleDialog;
use crate::route::Route;
use crate::store::{Action, StateMachine};
use crate::studio::design::Design;
use crate::studio::history::History;

/// A state machine being edited and not yet saved.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub name: String,
    pub kind: String,
    pub definition: String,
}

#[derive(Properties, PartialEq)]
pub struct WorkflowStudioProps {
    /// The state machine being edited, or `None` for a new one.
    pub existing: Option<String>,
    #[prop_or_default]
    pub draft: Option<Draft>,
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Design,
    Code,
    Config,
}

/// The definition with `"QueryLanguage": "JSONata"` added at the top level, as the console writes it.
fn with_jsonata(definition: &str) -> Option<String> {
    let mut value: serde_json::Value = serde_json::from_str(definition).ok()?;
    value.as_object_mut()?.insert("QueryLanguage".into(), "JSONata".into());
    serde_json::to_string_pretty(&value).ok()
}

#[component]
pub fn WorkflowStudio(props: &WorkflowStudioProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let navigator = use_navigator();
    let initial = props.draft.clone().or_else(|| {
        let name = props.existing.as_ref()?;
        let s = workspace.state_machine(name)?;
        Some(Draft { name: s.name.clone(), kind: s.kind.clone(), definition: s.definition.clone() })
    });
    let draft = use_state(|| initial.clone());
    let mode = use_state(|| if props.existing.is_some() { Mode::Code } else { Mode::Design });
    let confirming = use_state(|| false);
    let history = use_mut_ref(History::default);
    let mode_problem = use_state(|| None::<&'static str>);
    let Some(current) = (*draft).clone() else {
        return html! { <div class="flash flash-error">{ "State machine not found" }</div> };
    };

    let parsed = steplab_asl::parse(&current.definition);
    let errors: Vec<_> =
        parsed.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    let needs_jsonata = parsed
        .diagnostics
        .iter()
        .any(|d| d.message.contains("only supported for the 'JSONata' QueryLanguage"));

    let set_definition = {
        let (draft, current, history) = (draft.clone(), current.clone(), history.clone());
        Callback::from(move |text: String| {
            if text != current.definition {
                history.borrow_mut().record(current.definition.clone());
            }
            draft.set(Some(Draft { definition: text, ..current.clone() }))
        })
    };
    let undo_redo = |forward: bool| {
        let (draft, current, history) = (draft.clone(), current.clone(), history.clone());
        Callback::from(move |()| {
            let mut h = history.borrow_mut();
            let moved = if forward {
                h.redo(current.definition.clone())
            } else {
                h.undo(current.definition.clone())
            };
            if let Some(text) = moved {
                draft.set(Some(Draft { definition: text, ..current.clone() }));
            }
        })
    };
    let json_ok = serde_json::from_str::<serde_json::Value>(&current.definition).is_ok();
    let fix_jsonata = {
        let set_definition = set_definition.clone();
        let definition = current.definition.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(fixed) = with_jsonata(&definition) {
                set_definition.emit(fixed);
            }
        })
    };
    let tab = |m: Mode, label: &'static str| {
        let active = *mode == m;
        let (mode, mode_problem) = (mode.clone(), mode_problem.clone());
        // as in the console, Design mode is refused while the definition is not valid JSON
        let onclick = Callback::from(move |_: MouseEvent| {
            if m == Mode::Design && !json_ok {
                mode_problem.set(Some("Design mode is unavailable: the definition is not valid JSON. Fix it in Code mode first."));
            } else {
                mode_problem.set(None);
                mode.set(m);
            }
        });
        html! { <button role="tab" aria-selected={active.to_string()} class={classes!("tab", active.then_some("active"))} {onclick}>{ label }</button> }
    };
    let save = {
        let (workspace, navigator, current, existing) =
            (workspace.clone(), navigator.clone(), current.clone(), props.existing.clone());
        move |role_name: String| {
            let creation_millis = existing
                .as_ref()
                .and_then(|n| workspace.state_machine(n))
                .map_or_else(now_millis, |s| s.creation_millis);
            workspace.dispatch(Action::PutStateMachine(StateMachine {
                name: current.name.clone(),
                kind: current.kind.clone(),
                definition: current.definition.clone(),
                role_name,
                creation_millis,
            }));
            if let Some(nav) = &navigator {
                nav.push(&Route::StateMachine { name: current.name.clone() });
            }
        }
    };
    let on_primary = {
        let (confirming, existing, workspace, save) =
            (confirming.clone(), props.existing.clone(), workspace.clone(), save.clone());
        Callback::from(move |_: MouseEvent| match &existing {
            None => confirming.set(true),
            Some(name) => {
                let role =
                    workspace.state_machine(name).map(|s| s.role_name.clone()).unwrap_or_default();
                save(role);
            }
        })
    };
    let on_confirm = Callback::from(save);
    let on_name = {
        let (draft, current) = (draft.clone(), current.clone());
        Callback::from(move |e: InputEvent| {
            draft.set(Some(Draft { name: input_value(&e), ..current.clone() }))
        })
    };
    let pick_kind = |k: &'static str| {
        let (draft, current) = (draft.clone(), current.clone());
        Callback::from(move |_: Event| {
            draft.set(Some(Draft { kind: k.to_owned(), ..current.clone() }))
        })
    };
    let name_problem = if props.existing.is_none() {
        steplab_runner::names::check_state_machine_name(&current.name).err().or_else(|| {
            workspace
                .state_machine(&current.name)
                .map(|_| "A state machine with this name already exists.")
        })
    } else {
        None
    };
    let blocked = !errors.is_empty() || name_problem.is_some();
    let unsaved = props
        .existing
        .as_ref()
        .and_then(|n| workspace.state_machine(n))
        .is_some_and(|s| s.definition != current.definition);

    html! {
        <section class="studio">
            <div class="studio-bar">
                <span class="studio-name">{ &current.name }</span>
                if unsaved {
                    <span class="unsaved" role="status">{ "Unsaved changes" }</span>
                }
                <div class="tabs" role="tablist" aria-label="Mode">
                    { tab(Mode::Design, "Design") }{ tab(Mode::Code, "Code") }{ tab(Mode::Config, "Config") }
                </div>
                <div class="actions">
                    <Link<Route> to={match &props.existing { Some(n) => Route::StateMachine { name: n.clone() }, None => Route::StateMachines }} classes="button">{ "Cancel" }</Link<Route>>
                    <button class="button primary" disabled={blocked} onclick={on_primary}>
                        { if props.existing.is_some() { "Save" } else { "Create" } }
                    </button>
                </div>
            </div>
            if !parsed.diagnostics.is_empty() {
                <ul class="diagnostics" role="alert" aria-label="Definition problems">
                    { for parsed.diagnostics.iter().map(|d| {
                        let at = d.span.as_ref().map(|s| {
                            let (line, col) = line_col(&current.definition, s.start);
                            format!(" (line {line}, column {col})")
                        }).unwrap_or_default();
                        html! {
                            <li class={if d.severity == Severity::Error { "error" } else { "warning" }}>
                                <strong>{ &d.code }</strong>{ ": " }{ &d.message }{ at }
                                if !d.pointer.is_empty() { <code class="pointer">{ &d.pointer }</code> }
                            </li>
                        }
                    }) }
                    if needs_jsonata {
                        <li><button class="button" onclick={fix_jsonata}>{ "Add \"QueryLanguage\": \"JSONata\"" }</button></li>
                    }
                </ul>
            }
            if let Some(problem) = *mode_problem {
                <p class="field-error" role="alert">{ problem }</p>
            }
            if let Some(problem) = name_problem {
                <p class="field-error" role="alert">{ format!("State machine name: {problem}") }</p>
            }
            { match *mode {
                Mode::Design => html! {
                    <Design definition={current.definition.clone()} on_edit={set_definition.clone()}
                        can_undo={history.borrow().can_undo()} can_redo={history.borrow().can_redo()}
                        on_undo={undo_redo(false)} on_redo={undo_redo(true)}
                        functions={workspace.functions.iter().map(|f| f.name.clone()).collect::<Vec<_>>()}
                        partition={workspace.partition.clone()} />
                },
                Mode::Code => html! {
                    <div class="code-mode">
                        <CodeEditor id={Some(AttrValue::from("definition"))} label="Definition" value={current.definition.clone()} on_change={set_definition} rows={28} />
                        <Graph definition={current.definition.clone()} />
                    </div>
                },
                Mode::Config => html! {
                    <div class="panel form">
                        <label for="config-name">{ "State machine name" }</label>
                        <input id="config-name" type="text" value={current.name.clone()} oninput={on_name} disabled={props.existing.is_some()} />
                        <p class="hint">{ steplab_runner::names::STATE_MACHINE_NAME_RULE }</p>
                        <h3>{ "State machine type" }</h3>
                        <fieldset class="choice">
                            <label><input type="radio" name="config-type" checked={current.kind == "STANDARD"} onchange={pick_kind("STANDARD")} disabled={props.existing.is_some()} />{ " Standard" }</label>
                            <label><input type="radio" name="config-type" checked={current.kind == "EXPRESS"} onchange={pick_kind("EXPRESS")} disabled={props.existing.is_some()} />{ " Express" }</label>
                        </fieldset>
                        <h3>{ "Permissions" }</h3>
                        <p>{ "Execution role: Create new role" }</p>
                    </div>
                },
            } }
            if *confirming {
                <RoleDialog state_machine={current.name.clone()} definition={current.definition.clone()}
                    on_cancel={{ let c = confirming.clone(); Callback::from(move |()| c.set(false)) }}
                    on_confirm={on_confirm} />
            }
        </section>
    }
}

/// Line and column (from 1) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    (
        before.matches('\n').count() + 1,
        before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
    )
}
