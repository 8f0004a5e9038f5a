//! Step Functions › State machines › Create state machine: blank or template, name and type, then Workflow Studio.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::breadcrumbs::Breadcrumbs;
use crate::pages::input_value;
use crate::pages::workflow_studio::{Draft, WorkflowStudio};
use crate::route::Route;

/// A new blank JSONata state machine, as Workflow Studio starts it.
pub const BLANK_DEFINITION: &str = "{\n  \"Comment\": \"A description of my state machine\",\n  \"StartAt\": \"\",\n  \"States\": {},\n  \"QueryLanguage\": \"JSONata\"\n}";

#[component]
pub fn CreateStateMachine() -> Html {
    let name = use_state(|| "MyStateMachine".to_owned());
    let kind = use_state(|| "STANDARD".to_owned());
    let error = use_state(|| None::<&'static str>);
    let draft = use_state(|| None::<Draft>);

    if let Some(d) = &*draft {
        return html! { <WorkflowStudio existing={None::<String>} draft={Some(d.clone())} /> };
    }
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| name.set(input_value(&e)))
    };
    let pick_kind = |k: &'static str| {
        let kind = kind.clone();
        Callback::from(move |_: Event| kind.set(k.to_owned()))
    };
    let on_continue = {
        let (name, kind, error, draft) = (name.clone(), kind.clone(), error.clone(), draft.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match steplab_runner::names::check_state_machine_name(&name) {
                Err(rule) => error.set(Some(rule)),
                Ok(()) => draft.set(Some(Draft {
                    name: (*name).clone(),
                    kind: (*kind).clone(),
                    definition: BLANK_DEFINITION.to_owned(),
                })),
            }
        })
    };
    html! {
        <section>
            <Breadcrumbs trail={vec![("Step Functions".into(), None), ("State machines".into(), Some(Route::StateMachines)), ("Create state machine".into(), None)]} />
            <h1>{ "Create state machine" }</h1>
            <form class="panel form" onsubmit={on_continue}>
                <h2>{ "Choose a template" }</h2>
                <fieldset class="choice">
                    <label><input type="radio" name="start" checked=true />{ " Create from blank" }</label>
                </fieldset>
                <label for="state-machine-name">{ "State machine name" }</label>
                <input id="state-machine-name" type="text" value={(*name).clone()} oninput={on_name} />
                <p class={classes!("hint", error.is_some().then_some("field-error"))}>{ steplab_runner::names::STATE_MACHINE_NAME_RULE }</p>
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
