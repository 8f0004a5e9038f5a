//! Workflow Studio: Design, Code and Config modes for a new or existing state machine, and Create / Save.

use std::rc::Rc;
use steplab_asl::Severity;

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::code_editor::CodeEditor;
use crate::components::editor::{Completer, Helper, Language, Mark};
use crate::components::settled::use_settled;
use crate::driver::now_millis;
use crate::graph::{Drawing, LaidGraph};
use crate::pages::input_value;
use crate::pages::role_dialog::RoleDialog;
use crate::route::Route;
use crate::store::WorkspaceContext;
use crate::store::{Action, StateMachine};
use crate::studio::config::{LOG_LEVELS, MachineConfig};
use crate::studio::design::Design;
use crate::studio::drafts;
use crate::studio::history::History;
use crate::studio::json_editor::JsonEditor;

pub use crate::studio::drafts::Draft;

/// Whether `text` is JSON (read without building its values: quick on a 1 MiB definition).
fn is_json(text: &str) -> bool {
    serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
}

/// The longest text the definition's editors take (UTF-16 code units): twice AWS's limit, so
/// that a definition a little too long is shown, and refused at Create with the API's error, while
/// a huge paste is refused at once.
const EDITOR_MAX: u32 = 2 * 1_048_576;

/// How long typing pauses before the definition is checked and drawn again.
const SETTLE_MS: u32 = 300;
/// The largest definition whose draft is written at each keystroke (larger: once typing pauses).
const DRAFT_KEPT_AT_EACH_KEY: usize = 64 * 1024;

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
        Some(Draft {
            name: s.name.clone(),
            kind: s.kind.clone(),
            definition: s.definition.clone(),
            config: s.config.clone(),
        })
    });
    let existing = props.existing.clone();
    // unsaved work from a previous visit comes back (a new machine's is offered by the create page)
    let loaded = {
        let existing = existing.clone();
        use_memo((), move |()| {
            existing.as_deref().map(|n| drafts::load::<Draft>(Some(n))).transpose()
        })
    };
    let notice = {
        let (loaded, initial) = (loaded.clone(), initial.clone());
        use_state(move || match &*loaded {
            Ok(Some(Some(d))) if Some(d) != initial.as_ref() => {
                Some("Unsaved changes from your last visit were restored.".to_owned())
            }
            Err(e) => Some(e.clone()),
            _ => None,
        })
    };
    let draft = {
        let (loaded, initial) = (loaded.clone(), initial.clone());
        use_state(move || match &*loaded {
            Ok(Some(Some(d))) if initial.is_some() => Some(d.clone()),
            _ => initial,
        })
    };
    // another tab's version of this machine: taken when this tab has no edits of its own, else
    // shown as a conflict to settle (keep mine / take theirs), never written over in silence
    let conflicts = use_context::<crate::storage::conflict::ConflictsContext>();
    let draft_key = drafts::key(existing.as_deref());
    let theirs = conflicts.as_ref().and_then(|c| c.drafts.get(&draft_key).cloned());
    // the draft as this tab last took it (at opening, or theirs): edits are what differ from it
    let baseline = use_mut_ref(|| (*draft).clone());
    {
        let (draft, baseline, conflicts, key) =
            (draft.clone(), baseline.clone(), conflicts.clone(), draft_key.clone());
        use_effect_with(theirs.clone(), move |theirs| {
            if let (Some(theirs), Some(conflicts)) = (theirs, conflicts) {
                let pristine = *baseline.borrow() == *draft;
                if draft.as_ref() == Some(theirs) || pristine {
                    *baseline.borrow_mut() = Some(theirs.clone());
                    draft.set(Some(theirs.clone()));
                    conflicts.dispatch(crate::storage::conflict::ConflictAction::DraftSettled(key));
                }
            }
        });
    }
    let mode = use_state(|| if props.existing.is_some() { Mode::Code } else { Mode::Design });
    let confirming = use_state(|| false);
    let history = use_mut_ref(History::default);
    let mode_problem = use_state(|| None::<&'static str>);
    // Code mode shows the definition as YAML too, and reads it back as it is edited
    let yaml = use_state(|| false);
    // the YAML as typed, while it is edited (it may not read as YAML for a while)
    let yaml_draft = use_state(|| None::<String>);
    // a change the editor refused for its size (a huge paste): the length it would have made
    // (`use_state_eq`: clearing a word that is not there renders nothing again, and a render of a
    // 1 MiB definition costs a keystroke's time)
    let refused = use_state_eq(|| None::<u32>);
    // what is computed from the definition (validation, the graph, completion's state names)
    // follows it once typing pauses, not at each keystroke
    let definition_text = (*draft).as_ref().map(|d| d.definition.clone()).unwrap_or_default();
    {
        // an edit that went in clears the word of one that did not
        let refused = refused.clone();
        use_effect_with(definition_text.clone(), move |_| refused.set(None));
    }
    let settled = use_settled(definition_text, SETTLE_MS);
    // the text as it stands is the settled one (typing paused): compared once a render
    let text_settled = (*draft).as_ref().is_some_and(|d| d.definition == settled);
    {
        // the draft is kept at each change; one whose definition is large is kept once typing
        // pauses, since writing 1 MiB at each keystroke costs the keystroke
        let pausing = text_settled
            || (*draft).as_ref().is_some_and(|d| d.definition.len() <= DRAFT_KEPT_AT_EACH_KEY);
        let (existing, stored) = (existing.clone(), initial.clone());
        use_effect_with(((*draft).clone(), pausing), move |(d, pausing)| {
            if let (Some(d), true) = (d, pausing) {
                // a draft equal to the saved machine is no draft
                if existing.is_some() && Some(d) == stored.as_ref() {
                    drafts::clear(existing.as_deref());
                } else {
                    let _ = drafts::save(existing.as_deref(), d);
                }
            }
        });
    }
    // the settled text's problems and graph, found and laid out in the execution Worker (the text
    // they are of with them): the page lays nothing out while typing, it draws what comes back
    let analysis = use_state(|| None::<Checked>);
    let asked = use_mut_ref(String::new);
    {
        let (analysis, asked) = (analysis.clone(), asked.clone());
        use_effect_with(settled.clone(), move |text| {
            text.clone_into(&mut asked.borrow_mut());
            let text = text.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let found = crate::studio::validation::analyse(text.clone(), true).await;
                // an answer for a text edited since is not the text's: dropped
                if *asked.borrow() == text {
                    analysis.set(Some(Checked {
                        text,
                        diagnostics: Rc::new(found.diagnostics),
                        drawing: found.drawing,
                        by_worker: found.by_worker,
                    }));
                }
            });
        });
    }
    let settled_json = use_memo(settled.clone(), |d| is_json(d));
    let names = use_memo(settled.clone(), |d| crate::studio::complete::state_names(d));
    let completer = use_memo(names, |names| {
        let names = names.clone();
        Completer(
            Rc::new(move |text: &str, at: usize| {
                crate::studio::complete::complete(text, at, &names)
            }),
            Some(crate::studio::complete::WHERE),
        )
    });
    let helper = use_memo((), |()| Helper(Rc::new(crate::studio::complete::hover)));
    let Some(current) = (*draft).clone() else {
        return html! { <div class="flash flash-error">{ "State machine not found" }</div> };
    };

    // the analysis is of the text as it stands (its problems are those of the current text)
    let analysed = text_settled && analysis.as_ref().is_some_and(|c| c.text == current.definition);
    let diagnostics: Rc<Vec<steplab_asl::Diagnostic>> =
        analysis.as_ref().map(|c| c.diagnostics.clone()).unwrap_or_default();
    let errors: Vec<_> = diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    let needs_jsonata = diagnostics
        .iter()
        .any(|d| d.message.contains("only supported for the 'JSONata' QueryLanguage"));

    let set_definition = {
        let (draft, current, history) = (draft.clone(), current.clone(), history.clone());
        Callback::from(move |text: String| {
            if text != current.definition {
                history.borrow_mut().record(current.definition.clone());
            }
            // the other fields only: cloning the whole draft would copy the definition too
            let (name, kind, config) =
                (current.name.clone(), current.kind.clone(), current.config.clone());
            draft.set(Some(Draft { name, kind, definition: text, config }))
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
    let yaml_problem =
        yaml_draft.as_deref().filter(|_| *yaml).and_then(|t| steplab_yaml::from_yaml(t).err());
    let json_ok = if analysed { *settled_json } else { is_json(&current.definition) }
        && yaml_problem.is_none();
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
                mode_problem.set(Some("Design mode is unavailable: the definition is not valid JSON (or YAML). Fix it in Code mode first."));
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
            // published versions and aliases stay with the machine as it is saved
            let versions = existing
                .as_ref()
                .and_then(|n| workspace.state_machine(n))
                .map(|s| s.versions.clone())
                .unwrap_or_default();
            drafts::clear(existing.as_deref());
            workspace.dispatch(Action::PutStateMachine(StateMachine {
                name: current.name.clone(),
                kind: current.kind.clone(),
                definition: current.definition.clone(),
                role_name,
                creation_millis,
                versions,
                config: current.config.clone(),
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
            // the console configures a new Express workflow to log (its only record of what ran)
            let mut config = current.config.clone();
            if k == "EXPRESS" && config.log_level == "OFF" {
                config.log_level = "ALL".into();
            }
            draft.set(Some(Draft { kind: k.to_owned(), config, ..current.clone() }))
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
    let on_format = {
        let (set_definition, definition) = (set_definition.clone(), current.definition.clone());
        Callback::from(move |_: MouseEvent| {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(&definition) {
                set_definition.emit(crate::studio::edit::format(&v));
            }
        })
    };
    // the definition as YAML: only while the YAML view shows it (Export YAML writes its own)
    let yaml_of = |definition: &str| {
        serde_json::from_str::<serde_json::Value>(definition)
            .map(|v| crate::studio::yaml::to_yaml(&v))
            .unwrap_or_default()
    };
    let yaml_text =
        if *yaml && yaml_draft.is_none() { yaml_of(&current.definition) } else { String::new() };
    // YAML edits become the definition (formatted JSON) as soon as they read as YAML
    let on_yaml = {
        let (yaml_draft, set_definition) = (yaml_draft.clone(), set_definition.clone());
        Callback::from(move |text: String| {
            if let Ok(v) = steplab_yaml::from_yaml(&text) {
                set_definition.emit(crate::studio::edit::format(&v));
            }
            yaml_draft.set(Some(text));
        })
    };
    let export = |as_yaml: bool| {
        let (name, definition) = (current.name.clone(), current.definition.clone());
        Callback::from(move |_: MouseEvent| {
            let _ = if as_yaml {
                crate::execution::files::download(
                    &format!("{name}.asl.yaml"),
                    &serde_json::from_str::<serde_json::Value>(&definition)
                        .map(|v| crate::studio::yaml::to_yaml(&v))
                        .unwrap_or_default(),
                    "application/yaml",
                )
            } else {
                crate::execution::files::download(
                    &format!("{name}.asl.json"),
                    &definition,
                    "application/json",
                )
            };
        })
    };
    // a diagnostic's location selects its span in the editor
    let select_span = |range: std::ops::Range<usize>| {
        let (text, mode, yaml) = (current.definition.clone(), mode.clone(), yaml.clone());
        Callback::from(move |_: MouseEvent| {
            mode.set(Mode::Code);
            yaml.set(false);
            crate::components::editor::select(
                "definition",
                &text,
                range.start..range.end.max(range.start + 1),
            );
        })
    };
    let set_config = {
        let (draft, current) = (draft.clone(), current.clone());
        move |f: fn(&mut MachineConfig, String)| {
            let (draft, current) = (draft.clone(), current.clone());
            Callback::from(move |value: String| {
                let mut config = current.config.clone();
                f(&mut config, value);
                draft.set(Some(Draft { config, ..current.clone() }));
            })
        }
    };
    let checked = |e: Event| {
        let on = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
        on.to_string()
    };
    let tag_problem = current.config.tag_problem();
    let on_refused = {
        let refused = refused.clone();
        Some(Callback::from(move |length: u32| refused.set(Some(length))))
    };
    let size_problem = steplab_runner::names::check_definition_size(&current.definition).err();
    let tag_field = |i: usize, value: bool| {
        let (draft, current) = (draft.clone(), current.clone());
        Callback::from(move |e: InputEvent| {
            let text = input_value(&e);
            let mut config = current.config.clone();
            if let Some(tag) = config.tags.get_mut(i) {
                if value { tag.1 = text } else { tag.0 = text }
            }
            draft.set(Some(Draft { config, ..current.clone() }));
        })
    };
    let tag_change = |add: bool, i: usize| {
        let (draft, current) = (draft.clone(), current.clone());
        Callback::from(move |_: MouseEvent| {
            let mut config = current.config.clone();
            if add {
                config.tags.push((String::new(), String::new()));
            } else if i < config.tags.len() {
                config.tags.remove(i);
            }
            draft.set(Some(Draft { config, ..current.clone() }));
        })
    };
    let role_name = props
        .existing
        .as_ref()
        .and_then(|n| workspace.state_machine(n))
        .map(|s| s.role_name.clone());
    // Cancel leaves without keeping the draft, as the console does
    let on_cancel = {
        let (navigator, existing) = (navigator.clone(), props.existing.clone());
        Callback::from(move |_: MouseEvent| {
            drafts::clear(existing.as_deref());
            if let Some(nav) = &navigator {
                nav.push(&match &existing {
                    Some(n) => Route::StateMachine { name: n.clone() },
                    None => Route::StateMachines,
                });
            }
        })
    };
    let on_discard = {
        let (draft, notice, initial, existing) =
            (draft.clone(), notice.clone(), initial.clone(), props.existing.clone());
        Callback::from(move |_: MouseEvent| {
            drafts::clear(existing.as_deref());
            notice.set(None);
            draft.set(initial.clone());
        })
    };
    let conflict_banner = theirs.filter(|t| draft.as_ref() != Some(t)).map(|theirs| {
        let settle = |take: bool| {
            let (draft, baseline, conflicts, key, theirs, existing) = (
                draft.clone(),
                baseline.clone(),
                conflicts.clone(),
                draft_key.clone(),
                theirs.clone(),
                existing.clone(),
            );
            Callback::from(move |_: MouseEvent| {
                if take {
                    *baseline.borrow_mut() = Some(theirs.clone());
                    draft.set(Some(theirs.clone()));
                } else if let Some(mine) = &*draft {
                    // mine is written over theirs, knowingly (the other tab is told in turn)
                    drafts::heard(&key, None);
                    let _ = drafts::save(existing.as_deref(), mine);
                }
                if let Some(c) = &conflicts {
                    c.dispatch(crate::storage::conflict::ConflictAction::DraftSettled(key.clone()));
                }
            })
        };
        html! {
            <div class="flash flash-error" role="alert" id="draft-conflict">
                <p>{ "Another tab changed this state machine while you were editing it here. Keep your version, or take theirs?" }</p>
                <details><summary>{ "Their definition" }</summary><pre class="json">{ theirs.definition.clone() }</pre></details>
                <button class="button" id="keep-mine" onclick={settle(false)}>{ "Keep mine" }</button>
                <button class="button" id="take-theirs" onclick={settle(true)}>{ "Take theirs" }</button>
            </div>
        }
    });
    let marks: Vec<Mark> = diagnostics
        .iter()
        .filter_map(|d| {
            let severity = if d.severity == Severity::Error { "error" } else { "warning" };
            d.span.clone().map(|span| Mark { span, severity, message: d.message.clone() })
        })
        .collect();
    let blocked = !analysed
        || !errors.is_empty()
        || name_problem.is_some()
        || tag_problem.is_some()
        || size_problem.is_some()
        || yaml_problem.is_some();
    let unsaved = props
        .existing
        .as_ref()
        .and_then(|n| workspace.state_machine(n))
        .is_some_and(|s| s.definition != current.definition || s.config != current.config);

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
                    <button class="button" onclick={on_cancel}>{ "Cancel" }</button>
                    <button class="button primary" disabled={blocked} onclick={on_primary}>
                        { if props.existing.is_some() { "Save" } else { "Create" } }
                    </button>
                </div>
            </div>
            if let Some(length) = *refused {
                <div class="flash flash-error" role="alert" id="definition-refused">
                    { format!("Not changed: the text would have been {length} characters long, and the editor takes at most {EDITOR_MAX} (a definition can be at most {} characters).", steplab_runner::names::DEFINITION_MAX_CHARS) }
                </div>
            }
            if let Some(p) = &size_problem {
                <div class="flash flash-error" role="alert" id="definition-too-large">
                    { p.clone() }{ format!(" (this definition has {} characters).", current.definition.chars().count()) }
                </div>
            }
            if !diagnostics.is_empty() {
                <ul class="diagnostics" role="alert" aria-label="Definition problems">
                    { for diagnostics.iter().map(|d| {
                        let at = d.span.as_ref().map(|s| {
                            let (line, col) = line_col(&current.definition, s.start);
                            html! { <>{ " (" }<button class="link" title="Select in the editor" onclick={select_span(s.clone())}>{ format!("line {line}, column {col}") }</button>{ ")" }</> }
                        });
                        html! {
                            <li class={if d.severity == Severity::Error { "error" } else { "warning" }}>
                                <strong>{ &d.code }</strong>{ ": " }{ &d.message }{ for at }
                                if !d.pointer.is_empty() { <code class="pointer">{ &d.pointer }</code> }
                            </li>
                        }
                    }) }
                    if needs_jsonata {
                        <li><button class="button" onclick={fix_jsonata}>{ "Add \"QueryLanguage\": \"JSONata\"" }</button></li>
                    }
                </ul>
            }
            { for conflict_banner }
            if let Some(n) = &*notice {
                <div class="flash flash-info" role="status">
                    { n }
                    if props.existing.is_some() {
                        { " " }<button class="link" onclick={on_discard}>{ "Discard changes" }</button>
                    }
                </div>
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
                        functions={workspace.functions.iter().map(|f| f.config.function_name.clone()).collect::<Vec<_>>()}
                        partition={workspace.partition.clone()}
                        drawing={analysis.as_ref().filter(|c| c.text == current.definition).and_then(|c| c.drawing.clone())} />
                },
                Mode::Code => html! {
                    <div class="code-mode">
                        <div>
                            <div class="code-toolbar" role="toolbar" aria-label="Code tools">
                                <button class="button" aria-pressed={(!*yaml).to_string()} disabled={yaml_problem.is_some()} onclick={{ let (y, d) = (yaml.clone(), yaml_draft.clone()); Callback::from(move |_| { d.set(None); y.set(false) }) }}>{ "JSON" }</button>
                                <button class="button" aria-pressed={yaml.to_string()} disabled={!*yaml && !json_ok} onclick={{ let (y, d) = (yaml.clone(), yaml_draft.clone()); Callback::from(move |_| { d.set(None); y.set(true) }) }}>{ "YAML" }</button>
                                <button class="button" disabled={!json_ok || *yaml} onclick={on_format}>{ "Format" }</button>
                                <button class="button" disabled={!json_ok} onclick={export(false)}>{ "Export JSON" }</button>
                                <button class="button" disabled={!json_ok} onclick={export(true)}>{ "Export YAML" }</button>
                            </div>
                            if *yaml {
                                <CodeEditor id={Some(AttrValue::from("definition-yaml"))} label="Definition (YAML)" value={yaml_draft.as_deref().map_or_else(|| yaml_text.clone(), str::to_owned)} on_change={on_yaml} rows={28} line_numbers=true language={Language::Yaml}
                                    max_length={Some(EDITOR_MAX)} on_refused={on_refused.clone()} />
                                if let Some(e) = &yaml_problem {
                                    <p class="field-error" role="alert" id="yaml-problem">{ format!("YAML: {e}") }</p>
                                }
                            } else {
                                <JsonEditor id="definition" label="Definition" value={current.definition.clone()} on_change={set_definition} marks={marks.clone()}
                                    max_length={Some(EDITOR_MAX)} on_refused={on_refused.clone()}
                                    completer={Some((*completer).clone())} helper={Some((*helper).clone())} />
                            }
                        </div>
                        <LaidGraph drawing={analysis.as_ref().and_then(|c| c.drawing.clone())}
                            by_worker={analysis.as_ref().is_none_or(|c| c.by_worker)} />
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
                        if let Some(role) = &role_name {
                            <p>{ "Execution role: " }<code>{ role }</code></p>
                        } else {
                            <p>{ "Execution role: Create new role (a role with the permissions the definition needs is generated when you click Create)" }</p>
                        }
                        <h3>{ "Logging" }</h3>
                        <label for="config-log-level">{ "Log level" }</label>
                        <select id="config-log-level" onchange={set_config(|c, v| c.log_level = v).reform(|e: Event| e.target_unchecked_into::<web_sys::HtmlSelectElement>().value())}>
                            { for LOG_LEVELS.iter().map(|l| html! { <option value={*l} selected={current.config.log_level == *l}>{ *l }</option> }) }
                        </select>
                        <label><input type="checkbox" checked={current.config.include_execution_data}
                            onchange={set_config(|c, v| c.include_execution_data = v == "true").reform(checked)} />{ " Include execution data" }</label>
                        <p class="hint">{ "StepLab keeps these settings with the state machine; executions are recorded in the page, not in CloudWatch Logs." }</p>
                        <h3>{ "Tracing" }</h3>
                        <label><input type="checkbox" checked={current.config.tracing}
                            onchange={set_config(|c, v| c.tracing = v == "true").reform(checked)} />{ " Enable X-Ray tracing" }</label>
                        <h3>{ "Tags" }</h3>
                        <table class="table tags">
                            <thead><tr><th>{ "Key" }</th><th>{ "Value - optional" }</th><th></th></tr></thead>
                            <tbody>
                                { for current.config.tags.iter().enumerate().map(|(i, (k, v))| html! {
                                    <tr>
                                        <td><input type="text" aria-label={format!("Tag {} key", i + 1)} value={k.clone()} oninput={tag_field(i, false)} /></td>
                                        <td><input type="text" aria-label={format!("Tag {} value", i + 1)} value={v.clone()} oninput={tag_field(i, true)} /></td>
                                        <td><button class="button" onclick={tag_change(false, i)}>{ "Remove" }</button></td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                        <button class="button" onclick={tag_change(true, 0)}>{ "Add new tag" }</button>
                        if let Some(p) = &tag_problem { <p class="field-error" role="alert">{ p }</p> }
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

/// The execution Worker's answer for a settled definition text.
#[derive(Clone)]
struct Checked {
    text: String,
    diagnostics: Rc<Vec<steplab_asl::Diagnostic>>,
    /// Its graph, laid out.
    drawing: Option<Drawing>,
    by_worker: bool,
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
