//! Step Functions › State machines › Import template: a SAM or CloudFormation template, with the
//! folder its functions' code is in (chosen as a folder or a zip) or alone (inline code), shown
//! as what it creates and what StepLab cannot emulate, then imported into the workspace.

use std::collections::BTreeMap;

use steplab_template::{Import, Listed, Options};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::breadcrumbs::Breadcrumbs;
use crate::driver::now_millis;
use crate::route::Route;
use crate::store::{Action, WorkspaceContext};
use crate::template_import::files::{self, Chosen};
use crate::template_import::plan;

/// Reads the files `input` holds: a folder (each file's `webkitRelativePath`), a zip, or one
/// template file.
async fn read_input(input: &web_sys::HtmlInputElement) -> Result<Chosen, String> {
    let list = input.files().ok_or("No file was chosen.")?;
    let all: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
    let [first, ..] = all.as_slice() else { return Err("No file was chosen.".into()) };
    let relative = |f: &web_sys::File| {
        js_sys::Reflect::get(f, &"webkitRelativePath".into())
            .ok()
            .and_then(|v| v.as_string())
            .filter(|p| !p.is_empty())
    };
    if all.len() == 1 && relative(first).is_none() {
        let name = first.name();
        if name.to_lowercase().ends_with(".zip") {
            let buffer = wasm_bindgen_futures::JsFuture::from(first.array_buffer())
                .await
                .map_err(|_| format!("The file {name} could not be read."))?;
            let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
            let (files, left_out) = files::unzip(&bytes)?;
            return files::from_files(files, left_out);
        }
        if first.size() > files::MAX_FILE_BYTES as f64 {
            return Err(format!("The file {name} is larger than a template StepLab reads (2 MB)."));
        }
        let text = wasm_bindgen_futures::JsFuture::from(first.text())
            .await
            .map_err(|_| format!("The file {name} could not be read."))?
            .as_string()
            .unwrap_or_default();
        return Ok(Chosen { template_path: name, template: text, ..Chosen::default() });
    }
    let mut read = BTreeMap::new();
    let mut left_out = Vec::new();
    let mut total = 0u64;
    for f in &all {
        let path = relative(f).unwrap_or_else(|| f.name());
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let size = f.size() as u64;
        match files::refuse(&path, size, read.len(), total) {
            Some(p) if p.is_empty() => continue,
            Some(p) => {
                left_out.push(p);
                continue;
            }
            None => {}
        }
        let text = wasm_bindgen_futures::JsFuture::from(f.text()).await;
        match text.ok().and_then(|t| t.as_string()) {
            // a file that is not text reads with replacement characters: left out
            Some(t) if !t.contains('\u{fffd}') => {
                total += size;
                read.insert(path, t);
            }
            _ => left_out.push(path),
        }
    }
    files::from_files(read, left_out)
}

fn listed(title: &str, id: &str, items: &[Listed]) -> Html {
    if items.is_empty() {
        return Html::default();
    }
    html! {
        <>
            <h2>{ format!("{title} ({})", items.len()) }</h2>
            <table class="table" id={id.to_owned()}>
                <thead><tr><th>{ "Logical ID" }</th><th>{ "Type" }</th><th>{ "Why" }</th></tr></thead>
                <tbody>
                    { for items.iter().map(|l| html! {
                        <tr><td>{ &l.logical_id }{ l.line.map(|n| format!(" (line {n})")).unwrap_or_default() }</td><td>{ &l.resource_type }</td><td>{ &l.reason }</td></tr>
                    }) }
                </tbody>
            </table>
        </>
    }
}

#[component]
pub fn ImportTemplate() -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let navigator = use_navigator();
    let chosen = use_state(|| None::<Result<Chosen, String>>);
    let stack = use_state(|| "steplab".to_owned());
    let parameters = use_state(BTreeMap::<String, String>::new);
    let replace = use_state(|| false);
    let folder = use_node_ref();
    let file = use_node_ref();

    let on_input = |node: NodeRef| {
        let (chosen, parameters, replace) = (chosen.clone(), parameters.clone(), replace.clone());
        Callback::from(move |_: Event| {
            let Some(input) = node.cast::<web_sys::HtmlInputElement>() else { return };
            let (chosen, parameters, replace) =
                (chosen.clone(), parameters.clone(), replace.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = read_input(&input).await;
                if let Ok(c) = &outcome {
                    parameters.set(plan::parameters(&c.template));
                }
                input.set_value("");
                replace.set(false);
                chosen.set(Some(outcome));
            });
        })
    };
    let on_paste = {
        let (chosen, parameters) = (chosen.clone(), parameters.clone());
        Callback::from(move |text: String| {
            parameters.set(plan::parameters(&text));
            chosen.set(Some(Ok(Chosen {
                template_path: "template".into(),
                template: text,
                ..Chosen::default()
            })));
        })
    };
    let on_stack = {
        let stack = stack.clone();
        Callback::from(move |e: InputEvent| stack.set(crate::pages::input_value(&e)))
    };

    let options = Options {
        stack_name: (*stack).clone(),
        region: workspace.partition.region.clone(),
        account: workspace.partition.account.clone(),
        parameters: (*parameters).clone(),
    };
    let imported: Option<Import> = match &*chosen {
        Some(Ok(c)) => Some(steplab_template::import(&c.template, &c.files, &options)),
        _ => None,
    };
    let planned = imported.as_ref().map(|i| plan::plan(i, &workspace, now_millis()));
    let blocked = planned.as_ref().is_none_or(|p| {
        (p.functions.is_empty() && p.state_machines.is_empty() && p.calls.is_empty())
            || (!p.replaced.is_empty() && !*replace)
    });

    let on_import = {
        let (workspace, planned, navigator) =
            (workspace.clone(), planned.clone(), navigator.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(p) = &planned else { return };
            workspace.dispatch(Action::MakeServiceCalls(plan::made(&p.calls, now_millis())));
            for f in &p.functions {
                workspace.dispatch(Action::PutFunction(f.clone()));
            }
            for m in &p.state_machines {
                workspace.dispatch(Action::PutStateMachine(m.clone()));
            }
            if let Some(nav) = &navigator {
                match p.state_machines.as_slice() {
                    [only] => nav.push(&Route::StateMachine { name: only.name.clone() }),
                    _ => nav.push(&Route::StateMachines),
                }
            }
        })
    };
    let pick = |node: &NodeRef| {
        let node = node.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(i) = node.cast::<web_sys::HtmlInputElement>() {
                i.click();
            }
        })
    };
    let on_replace = {
        let replace = replace.clone();
        Callback::from(move |e: Event| {
            replace.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked());
        })
    };
    let on_parameter = |name: String| {
        let parameters = parameters.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*parameters).clone();
            next.insert(name.clone(), crate::pages::input_value(&e));
            parameters.set(next);
        })
    };
    let folder_input = html! {
        <input ref={folder.clone()} type="file" hidden=true aria-label="Template folder" multiple=true webkitdirectory=true onchange={on_input(folder.clone())} />
    };

    html! {
        <section>
            <Breadcrumbs trail={vec![("Step Functions".into(), None), ("State machines".into(), Some(Route::StateMachines)), ("Import template".into(), None)]} />
            <h1>{ "Import a SAM or CloudFormation template" }</h1>
            <div class="panel form">
                <p>{ "Choose the folder of a SAM application (its template.yaml and the functions' code), a zip of it, or a template file whose code is inline; or paste the template. Nothing leaves this page." }</p>
                <div class="actions">
                    <button class="button" id="template-folder" onclick={pick(&folder)}>{ "Choose folder" }</button>
                    <button class="button" id="template-file" onclick={pick(&file)}>{ "Choose template or zip" }</button>
                </div>
                { folder_input }
                <input ref={file.clone()} type="file" hidden=true aria-label="Template or zip file" accept=".yaml,.yml,.json,.template,.zip" onchange={on_input(file.clone())} />
                <label class="field">
                    <span>{ "Or paste the template" }</span>
                    <crate::components::code_editor::CodeEditor id={Some(AttrValue::from("template-text"))} label="Template" rows={8}
                        language={crate::components::editor::Language::Yaml} on_change={on_paste}
                        value={AttrValue::from(match &*chosen { Some(Ok(c)) if c.files.is_empty() => c.template.clone(), _ => String::new() })} />
                </label>
                <label class="field">
                    <span>{ "Stack name (AWS::StackName, and the first part of the names StepLab gives)" }</span>
                    <input id="template-stack" type="text" value={(*stack).clone()} oninput={on_stack} />
                </label>
                { for parameters.iter().map(|(name, value)| html! {
                    <label class="field">
                        <span>{ format!("Parameter {name}") }</span>
                        <input type="text" aria-label={format!("Parameter {name}")} value={value.clone()} oninput={on_parameter(name.clone())} />
                    </label>
                }) }
            </div>
            if let Some(Err(e)) = &*chosen {
                <div class="flash flash-error" role="alert" id="template-error">{ e }</div>
            }
            if let (Some(i), Some(p), Some(Ok(c))) = (&imported, &planned, &*chosen) {
                <form class="panel form" onsubmit={on_import} id="template-preview">
                    <p>{ format!("{}: {} file(s) read beside it.", c.template_path, c.files.len()) }</p>
                    if !c.left_out.is_empty() {
                        <p class="hint">{ format!("Left out (too large, not text or over the limits): {}", c.left_out.join(", ")) }</p>
                    }
                    if !i.problems.is_empty() {
                        <div class="flash flash-error" role="alert" id="template-problems">
                            <ul>{ for i.problems.iter().map(|pr| html! { <li>{ pr.to_string() }</li> }) }</ul>
                        </div>
                    }
                    <h2>{ format!("Functions ({})", p.functions.len()) }</h2>
                    <ul id="template-functions">
                        { for p.functions.iter().map(|f| html! { <li>{ format!("{} ({}, {})", f.config.function_name, steplab_function::runtime::display_name(&f.config.runtime), f.config.handler) }</li> }) }
                    </ul>
                    <h2>{ format!("State machines ({})", p.state_machines.len()) }</h2>
                    <ul id="template-state-machines">
                        { for p.state_machines.iter().map(|m| html! { <li>{ format!("{} ({})", m.name, m.kind.to_lowercase()) }</li> }) }
                    </ul>
                    <h2>{ format!("AWS resources ({} calls)", p.calls.len()) }</h2>
                    <ul id="template-resources">
                        { for p.calls.iter().map(|c| html! { <li>{ format!("{} {} {}", c.service, c.operation, resource_name(&c.input)) }</li> }) }
                    </ul>
                    { listed("Not emulated, nothing to do", "template-accepted", &i.accepted) }
                    { listed("Not created (condition false)", "template-skipped", &i.skipped) }
                    { listed("What StepLab cannot emulate", "template-unsupported", &i.unsupported) }
                    if !p.notes.is_empty() {
                        <ul class="hint" id="template-notes">{ for p.notes.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
                    }
                    if !p.replaced.is_empty() {
                        <label class="checkbox" id="template-replace">
                            <input type="checkbox" checked={*replace} onchange={on_replace} />
                            { format!(" Replace what your workspace has under these names: {}", p.replaced.join(", ")) }
                        </label>
                    }
                    <div class="form-actions">
                        <Link<Route> to={Route::StateMachines} classes="button">{ "Cancel" }</Link<Route>>
                        <button type="submit" class="button primary" id="template-import" disabled={blocked}>{ "Import" }</button>
                    </div>
                </form>
            }
        </section>
    }
}

/// The name a resource call gives (`TableName`, `QueueName`, `Name`, `Bucket`, `TopicArn`…).
fn resource_name(input: &serde_json::Value) -> String {
    ["TableName", "QueueName", "Name", "Bucket", "TopicArn", "Rule"]
        .iter()
        .find_map(|k| input.get(*k).and_then(serde_json::Value::as_str))
        .unwrap_or_default()
        .to_owned()
}
