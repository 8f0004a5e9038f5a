//! "Confirm role creation": the execution role Step Functions generates for a new state machine.

use serde_json::Value;
use steplab_runner::FunctionRef;
use yew::prelude::*;

use crate::app::WorkspaceContext;
use crate::components::modal::Modal;

#[derive(Properties, PartialEq)]
pub struct RoleDialogProps {
    pub state_machine: AttrValue,
    pub definition: AttrValue,
    pub on_cancel: Callback<()>,
    /// Gets the new role's name.
    pub on_confirm: Callback<String>,
}

/// The Lambda functions a definition invokes (their ARNs), for the role's policy.
fn invoked_functions(definition: &str, partition: &steplab_runner::Partition) -> Vec<String> {
    fn walk(v: &Value, partition: &steplab_runner::Partition, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                let resource = map.get("Resource").and_then(Value::as_str).unwrap_or("");
                let function = if resource.starts_with("arn:aws:states:::lambda:invoke") {
                    map.get("Arguments")
                        .or(map.get("Parameters"))
                        .and_then(|a| a.get("FunctionName"))
                        .and_then(Value::as_str)
                } else if resource.starts_with("arn:aws:lambda:") {
                    Some(resource)
                } else {
                    None
                };
                if let Some(f) = function.and_then(|f| FunctionRef::parse(f).ok()) {
                    let unqualified = FunctionRef { qualifier: None, ..f }.arn_in(partition);
                    for arn in [unqualified.clone(), format!("{unqualified}:*")] {
                        if !out.contains(&arn) {
                            out.push(arn);
                        }
                    }
                }
                map.values().for_each(|v| walk(v, partition, out));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, partition, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(v) = serde_json::from_str::<Value>(definition) {
        walk(&v, partition, &mut out);
    }
    out
}

#[component]
pub fn RoleDialog(props: &RoleDialogProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let suffix = use_state(|| steplab_runner::Ids::new(js_sys::Math::random().to_bits()).suffix(9));
    let show_config = use_state(|| false);
    let role_name = format!("StepFunctions-{}-role-{}", props.state_machine, *suffix);
    let functions = invoked_functions(&props.definition, &workspace.partition);
    let policy = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Action": ["lambda:InvokeFunction"],
            "Resource": functions,
        }]
    });
    let xray = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"],
            "Resource": ["*"],
        }]
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
                <button class="button" onclick={toggle}>{ "View role configuration" }</button>
                <button class="button primary" onclick={confirm}>{ "Confirm" }</button>
            </> }}>
            <p>{ "Step Functions will create an execution role with full permissions for the state machine: " }<strong>{ &role_name }</strong></p>
            <table class="table">
                <thead><tr><th>{ "Service" }</th><th>{ "Action(s)" }</th><th>{ "Status" }</th></tr></thead>
                <tbody>
                    if !functions.is_empty() {
                        <tr><td>{ "AWS Lambda" }</td><td>{ "lambda:InvokeFunction" }</td><td>{ "Policy will be generated to perform the action for specified Lambda resources only" }</td></tr>
                    }
                    <tr><td>{ "AWS X-Ray" }</td><td>{ "xray:PutTraceSegments, xray:PutTelemetryRecords, xray:GetSamplingRules, xray:GetSamplingTargets" }</td><td>{ "Policies will be generated for X-Ray tracing" }</td></tr>
                </tbody>
            </table>
            if *show_config {
                <h3>{ "Role configuration" }</h3>
                <p>{ workspace.partition.role_arn(&role_name) }</p>
                if !functions.is_empty() {
                    <h4>{ format!("LambdaInvokeScopedAccessPolicy-{}", *suffix) }</h4>
                    <pre class="json">{ serde_json::to_string_pretty(&policy).unwrap_or_default() }</pre>
                }
                <h4>{ format!("XRayAccessPolicy-{}", *suffix) }</h4>
                <pre class="json">{ serde_json::to_string_pretty(&xray).unwrap_or_default() }</pre>
            }
        </Modal>
    }
}
