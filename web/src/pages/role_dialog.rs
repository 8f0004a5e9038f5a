//! "Confirm role creation": the execution role Step Functions generates for a new state machine, with one
//! row per service the definition calls ([`crate::studio::role`]).

use yew::prelude::*;

use crate::components::modal::Modal;
use crate::store::WorkspaceContext;
use crate::studio::role::permissions;

#[derive(Properties, PartialEq)]
pub struct RoleDialogProps {
    pub state_machine: AttrValue,
    pub definition: AttrValue,
    pub on_cancel: Callback<()>,
    /// Gets the new role's name.
    pub on_confirm: Callback<String>,
}

#[component]
pub fn RoleDialog(props: &RoleDialogProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let suffix = use_state(|| steplab_runner::Ids::new(js_sys::Math::random().to_bits()).suffix(9));
    let show_config = use_state(|| false);
    let role_name = format!("StepFunctions-{}-role-{}", props.state_machine, *suffix);
    let definition = serde_json::from_str(&props.definition).unwrap_or_default();
    let rows = permissions(&definition, &workspace.partition);
    let trust = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{ "Effect": "Allow", "Principal": { "Service": "states.amazonaws.com" }, "Action": "sts:AssumeRole" }]
    });
    let confirm = {
        let (cb, name) = (props.on_confirm.clone(), role_name.clone());
        Callback::from(move |_: MouseEvent| cb.emit(name.clone()))
    };
    let toggle = {
        let s = show_config.clone();
        Callback::from(move |_: MouseEvent| s.set(!*s))
    };
    html! {
        <Modal title="Confirm role creation" wide=true on_close={props.on_cancel.clone()}
            footer={html! { <>
                <button class="button" onclick={props.on_cancel.reform(|_: MouseEvent| ())}>{ "Cancel" }</button>
                <button class="button" onclick={toggle} aria-expanded={show_config.to_string()}>{ "View role configuration" }</button>
                <button class="button primary" onclick={confirm}>{ "Confirm" }</button>
            </> }}>
            <p>{ "Step Functions will create an execution role with full permissions for the state machine: " }<strong>{ &role_name }</strong></p>
            <table class="table">
                <thead><tr><th>{ "Service" }</th><th>{ "Action(s)" }</th><th>{ "Status" }</th></tr></thead>
                <tbody>
                    { for rows.iter().map(|p| html! {
                        <tr><td>{ &p.service }</td><td>{ p.actions.join(", ") }</td><td>{ &p.status }</td></tr>
                    }) }
                </tbody>
            </table>
            if *show_config {
                <h3>{ "Role configuration" }</h3>
                <p>{ "Role ARN: " }<code>{ workspace.partition.role_arn(&role_name) }</code></p>
                <h4>{ "Trust policy" }</h4>
                <pre class="json">{ serde_json::to_string_pretty(&trust).unwrap_or_default() }</pre>
                { for rows.iter().map(|p| html! { <>
                    <h4>{ format!("{}-{}", p.policy, *suffix) }</h4>
                    <pre class="json">{ serde_json::to_string_pretty(&p.document()).unwrap_or_default() }</pre>
                </> }) }
            }
        </Modal>
    }
}
