//! The Export action of a state machine: its AWS SAM or CloudFormation template, shown and downloaded.

use yew::prelude::*;

use crate::components::modal::Modal;
use crate::export::template::{Flavor, package_files, template_text, zip_with_files};
use crate::store::WorkspaceContext;

#[derive(Properties, PartialEq)]
pub struct ExportButtonProps {
    /// The state machine.
    pub name: AttrValue,
}

/// "Export" and its dialog: AWS SAM template / AWS CloudFormation template.
#[component]
pub fn ExportButton(props: &ExportButtonProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let flavor = use_state(|| None::<Flavor>);
    let problem = use_state(|| None::<String>);
    let pick = |f: Flavor| {
        let (flavor, problem) = (flavor.clone(), problem.clone());
        Callback::from(move |_: MouseEvent| {
            problem.set(None);
            flavor.set(Some(f));
        })
    };
    let close = {
        let flavor = flavor.clone();
        Callback::from(move |()| flavor.set(None))
    };
    let text = flavor.and_then(|f| {
        let machine = workspace.state_machine(&props.name)?;
        Some(template_text(f, machine, &workspace.functions, &workspace.partition))
    });
    // functions with several files go in folders beside the template: a zip of them all
    let files = workspace
        .state_machine(&props.name)
        .map(|m| package_files(m, &workspace.functions, &workspace.partition))
        .unwrap_or_default();
    let zipped = !files.is_empty();
    let download = {
        let (problem, text, flavor, name) =
            (problem.clone(), text.clone(), *flavor, props.name.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(Ok(t)) = &text else { return };
            let Some(f) = flavor else { return };
            let result = if files.is_empty() {
                crate::execution::files::download(&f.file_name(&name), t, "application/json")
            } else {
                let zip_name = f.file_name(&name).replace(".json", ".zip");
                zip_with_files(t, &files).and_then(|bytes| {
                    crate::execution::files::download_bytes(&zip_name, &bytes, "application/zip")
                })
            };
            if let Err(e) = result {
                problem.set(Some(e));
            }
        })
    };
    html! {
        <>
            <button class="button" id="export-sam" onclick={pick(Flavor::Sam)}>{ "Export › AWS SAM template" }</button>
            <button class="button" id="export-cloudformation" onclick={pick(Flavor::CloudFormation)}>{ "Export › CloudFormation template" }</button>
            if let Some(f) = *flavor {
                <Modal title={f.label()} on_close={close.clone()} wide=true footer={html! {
                    <>
                        <button class="button" onclick={close.reform(|_: MouseEvent| ())}>{ "Close" }</button>
                        <button class="button primary" onclick={download}>{ "Download" }</button>
                    </>
                }}>
                    <p class="hint">{ "The state machine, each Python function it calls with its code inline (saved by CloudFormation as index.py, hence the handler index.…), and the execution role with the policies of Confirm role creation. Deploy it with " }
                        <code>{ if f == Flavor::Sam { "sam deploy --guided --template-file TEMPLATE" } else { "aws cloudformation deploy --capabilities CAPABILITY_IAM --template-file TEMPLATE --stack-name STACK" } }</code>{ "." }</p>
                    if zipped {
                        <p class="hint" id="export-package-note">{ "Some functions have several files: they are exported as folders beside the template (functions/NAME/), and Download gives a zip of template.json with those folders." }{ if f == Flavor::CloudFormation { " Run aws cloudformation package on it first, which uploads the folders." } else { "" } }</p>
                    }
                    { match &text {
                        Some(Ok(t)) => html! { <pre class="json" id="export-template">{ t }</pre> },
                        Some(Err(e)) => html! { <div class="flash flash-error" role="alert">{ e }</div> },
                        None => html! { <div class="flash flash-error" role="alert">{ format!("State machine {} does not exist.", props.name) }</div> },
                    } }
                    if let Some(p) = &*problem { <p class="field-error" role="alert">{ p }</p> }
                </Modal>
            }
        </>
    }
}
