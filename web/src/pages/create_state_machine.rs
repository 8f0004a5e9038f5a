//! Step Functions › State machines › Create state machine: blank, from a template or as a copy, name and
//! type, then Workflow Studio.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::breadcrumbs::Breadcrumbs;
use crate::pages::input_value;
use crate::pages::workflow_studio::{Draft, WorkflowStudio};
use crate::route::Route;
use crate::store::WorkspaceContext;
use crate::studio::templates::{self, BLANK_DEFINITION, TEMPLATES};

#[derive(Properties, PartialEq)]
pub struct CreateStateMachineProps {
    /// "Copy to new": the state machine whose definition and type the new one starts from.
    #[prop_or_default]
    pub copy_of: Option<String>,
}

/// The name a copy is offered under: `<name>-copy` (trimmed to the 80-character limit).
// The console's exact suggestion for a copy's name is not recorded; this is StepLab's.
fn copy_name(name: &str) -> String {
    let base: String = name.chars().take(75).collect();
    format!("{base}-copy")
}

#[component]
pub fn CreateStateMachine(props: &CreateStateMachineProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let source = props.copy_of.as_ref().and_then(|n| workspace.state_machine(n)).cloned();
    let name = {
        let source = source.clone();
        use_state(move || {
            source.map_or_else(|| "MyStateMachine".to_owned(), |s| copy_name(&s.name))
        })
    };
    let kind = {
        let source = source.clone();
        use_state(move || source.map_or_else(|| "STANDARD".to_owned(), |s| s.kind))
    };
    // None: blank; Some(id): a template
    let template = use_state(|| None::<&'static str>);
    let error = use_state(|| None::<&'static str>);
    let draft = use_state(|| None::<Draft>);
    // a new state machine left unsaved (reload, closed tab) is offered back
    let unsaved = use_state(|| crate::studio::drafts::load::<Draft>(None));

    if let Some(d) = &*draft {
        return html! { <WorkflowStudio existing={None::<String>} draft={Some(d.clone())} /> };
    }
    if props.copy_of.is_some() && source.is_none() {
        return html! { <div class="flash flash-error" role="alert">{ "The state machine to copy does not exist." }</div> };
    }
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| name.set(input_value(&e)))
    };
    let pick_kind = |k: &'static str| {
        let kind = kind.clone();
        Callback::from(move |_: Event| kind.set(k.to_owned()))
    };
    let pick_template = |t: Option<&'static str>| {
        let template = template.clone();
        Callback::from(move |_: Event| template.set(t))
    };
    let on_continue = {
        let (name, kind, error, draft, template, workspace, source) = (
            name.clone(),
            kind.clone(),
            error.clone(),
            draft.clone(),
            template.clone(),
            workspace.clone(),
            source.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let rule = steplab_runner::names::check_state_machine_name(&name).err().or_else(|| {
                workspace
                    .state_machine(&name)
                    .map(|_| "A state machine with this name already exists.")
            });
            if let Some(rule) = rule {
                error.set(Some(rule));
                return;
            }
            let definition = match (&source, *template) {
                (Some(s), _) => s.definition.clone(),
                (None, Some(id)) => templates::definition(id, &workspace.partition)
                    .unwrap_or_else(|| BLANK_DEFINITION.to_owned()),
                (None, None) => BLANK_DEFINITION.to_owned(),
            };
            let mut config = source.as_ref().map(|s| s.config.clone()).unwrap_or_default();
            // the console configures a new Express workflow to log (its only record of what ran)
            if source.is_none() && *kind == "EXPRESS" {
                config.log_level = "ALL".into();
            }
            draft.set(Some(Draft {
                name: (*name).clone(),
                kind: (*kind).clone(),
                definition,
                config,
            }));
        })
    };
    let title = if source.is_some() { "Copy to new" } else { "Create state machine" };
    html! {
        <section>
            <Breadcrumbs trail={vec![("Step Functions".into(), None), ("State machines".into(), Some(Route::StateMachines)), (title.into(), None)]} />
            <h1>{ title }</h1>
            { match &*unsaved {
                Ok(Some(d)) => {
                    let resume = { let (draft, d) = (draft.clone(), d.clone()); Callback::from(move |_: MouseEvent| draft.set(Some(d.clone()))) };
                    let discard = { let unsaved = unsaved.clone(); Callback::from(move |_: MouseEvent| { crate::studio::drafts::clear(None); unsaved.set(Ok(None)); }) };
                    html! {
                        <div class="flash flash-info" role="status">
                            { format!("The state machine {} was not created yet: its unsaved work is kept. ", d.name) }
                            <button class="button" onclick={resume}>{ "Continue editing" }</button>{ " " }
                            <button class="button" onclick={discard}>{ "Discard" }</button>
                        </div>
                    }
                }
                Err(e) => html! { <div class="flash flash-error" role="alert">{ e }</div> },
                Ok(None) => Html::default(),
            } }
            <form class="panel form" onsubmit={on_continue}>
                if let Some(s) = &source {
                    <p>{ "Starts from the definition of " }<strong>{ &s.name }</strong></p>
                } else {
                    <h2>{ "Choose a template" }</h2>
                    <fieldset class="choice">
                        <label><input type="radio" name="start" checked={template.is_none()} onchange={pick_template(None)} />{ " Create from blank" }</label>
                        <label><input type="radio" name="start" checked={template.is_some()} onchange={pick_template(Some(TEMPLATES[0].id))} />{ " Create from template" }</label>
                    </fieldset>
                    if template.is_some() {
                        <fieldset class="choice templates" aria-label="Templates">
                            { for TEMPLATES.iter().map(|t| html! {
                                <label>
                                    <input type="radio" name="template" checked={*template == Some(t.id)} onchange={pick_template(Some(t.id))} />
                                    <strong>{ format!(" {}", t.title) }</strong>
                                    <span class="hint">{ format!(" {}", t.description) }</span>
                                </label>
                            }) }
                        </fieldset>
                    }
                }
                <label for="state-machine-name">{ "State machine name" }</label>
                <input id="state-machine-name" type="text" value={(*name).clone()} oninput={on_name} />
                <p class={classes!("hint", error.is_some().then_some("field-error"))}>{ error.unwrap_or(steplab_runner::names::STATE_MACHINE_NAME_RULE) }</p>
                <h3>{ "State machine type" }</h3>
                <fieldset class="choice">
                    <label>
                        <input type="radio" name="type" checked={*kind == "STANDARD"} onchange={pick_kind("STANDARD")} />
                        <strong>{ " Standard" }</strong>
                        <span class="hint">{ " Durable workflows for long-running, auditable processes that can run for up to 1 year, and history is stored for up to 90 days for auditing and playback." }</span>
                    </label>
                    <label>
                        <input type="radio" name="type" checked={*kind == "EXPRESS"} onchange={pick_kind("EXPRESS")} />
                        <strong>{ " Express" }</strong>
                        <span class="hint">{ " Low cost, high scale workflows for event processing and streaming data that run for up to 5 minutes." }</span>
                    </label>
                </fieldset>
                <div class="form-actions">
                    <Link<Route> to={Route::StateMachines} classes="button">{ "Cancel" }</Link<Route>>
                    <button type="submit" class="button primary">{ "Continue" }</button>
                </div>
            </form>
        </section>
    }
}
