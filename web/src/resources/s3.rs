//! Amazon S3 › Buckets: the buckets (create, delete) and a bucket's objects (upload, download,
//! delete). Objects are text: an uploaded file is kept as the text it reads as.

use serde_json::{Value, json};
use yew::prelude::*;
use yew_router::prelude::*;

use super::{Outcome, bind, bind_text, call, read};
use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::code_editor::CodeEditor;
use crate::components::editor::Language;
use crate::route::Route;
use crate::store::WorkspaceContext;

#[component]
pub fn Buckets() -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let name = use_state(String::new);
    let outcome = use_state(|| None::<Outcome>);
    let on_create = {
        let (workspace, name, outcome) = (workspace.clone(), name.clone(), outcome.clone());
        Callback::from(move |_: MouseEvent| {
            let result = call(&workspace, "s3", "CreateBucket", json!({"Bucket": *name}));
            outcome.set(Some(Outcome::of(
                &result,
                format!("Successfully created bucket \"{}\"", *name),
            )));
        })
    };
    let buckets: Vec<Value> = read(&workspace, "s3", "ListBuckets", json!({}))
        .ok()
        .and_then(|v| v["Buckets"].as_array().cloned())
        .unwrap_or_default();
    html! {
        <section>
            <Breadcrumbs trail={vec![("Amazon S3".into(), None), ("Buckets".into(), None)]} />
            <div class="page-header"><h1>{ format!("General purpose buckets ({})", buckets.len()) }</h1></div>
            <crate::resources::file::ResourcesFile />
            { Outcome::view(&outcome) }
            <table class="table" id="s3-buckets">
                <thead><tr><th>{ "Name" }</th><th>{ "Creation date" }</th></tr></thead>
                <tbody>
                    if buckets.is_empty() { <tr><td colspan="2" class="empty">{ "No buckets" }</td></tr> }
                    { for buckets.iter().map(|b| {
                        let name = b["Name"].as_str().unwrap_or_default().to_owned();
                        html! {
                            <tr>
                                <td><Link<Route> to={Route::Bucket { name: name.clone() }}>{ &name }</Link<Route>></td>
                                <td>{ b["CreationDate"].as_str().unwrap_or_default() }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            <div class="panel">
                <h2>{ "Create bucket" }</h2>
                <label for="bucket-name">{ "Bucket name" }</label>
                <input id="bucket-name" type="text" value={(*name).clone()} oninput={bind(&name)} />
                <button class="button primary" id="create-bucket" onclick={on_create}>{ "Create bucket" }</button>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct BucketProps {
    pub name: AttrValue,
}

#[component]
pub fn BucketPage(props: &BucketProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let (key, body) = (use_state(String::new), use_state(String::new));
    let outcome = use_state(|| None::<Outcome>);
    let file_input = use_node_ref();
    let navigator = use_navigator();
    let name = props.name.to_string();
    let trail: Vec<(AttrValue, Option<Route>)> = vec![
        ("Amazon S3".into(), None),
        ("Buckets".into(), Some(Route::Buckets)),
        (name.clone().into(), None),
    ];
    let objects: Vec<Value> = match read(&workspace, "s3", "ListObjectsV2", json!({"Bucket": name}))
    {
        Ok(v) => v["Contents"].as_array().cloned().unwrap_or_default(),
        Err(e) => {
            return html! { <section><Breadcrumbs {trail} /><div class="flash flash-error" role="alert">{ e }</div></section> };
        }
    };
    let on_put = {
        let (workspace, key, body, outcome, name) =
            (workspace.clone(), key.clone(), body.clone(), outcome.clone(), name.clone());
        Callback::from(move |_: MouseEvent| {
            let result = call(
                &workspace,
                "s3",
                "PutObject",
                json!({"Bucket": name, "Key": *key, "Body": *body}),
            );
            outcome.set(Some(Outcome::of(&result, format!("Uploaded {}", *key))));
        })
    };
    let on_file = {
        let (workspace, outcome, name, file_input) =
            (workspace.clone(), outcome.clone(), name.clone(), file_input.clone());
        Callback::from(move |_: Event| {
            let Some(input) = file_input.cast::<web_sys::HtmlInputElement>() else { return };
            let (workspace, outcome, name) = (workspace.clone(), outcome.clone(), name.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match crate::execution::files::read_chosen(&input).await {
                    Ok((file, text)) => {
                        let result = call(
                            &workspace,
                            "s3",
                            "PutObject",
                            json!({"Bucket": name, "Key": file, "Body": text}),
                        );
                        outcome.set(Some(Outcome::of(&result, format!("Uploaded {file}"))));
                    }
                    Err(e) => outcome.set(Some(Outcome::Failed(e))),
                }
            });
        })
    };
    let download = |k: &str| {
        let (workspace, outcome, name, k) =
            (workspace.clone(), outcome.clone(), name.clone(), k.to_owned());
        Callback::from(move |_: MouseEvent| {
            match read(&workspace, "s3", "GetObject", json!({"Bucket": name, "Key": k})) {
                Ok(v) => {
                    let file = k.rsplit('/').next().unwrap_or(&k);
                    let mime = v["ContentType"].as_str().unwrap_or("application/octet-stream");
                    if let Err(e) = crate::execution::files::download(
                        file,
                        v["Body"].as_str().unwrap_or_default(),
                        mime,
                    ) {
                        outcome.set(Some(Outcome::Failed(e)));
                    }
                }
                Err(e) => outcome.set(Some(Outcome::Failed(e))),
            }
        })
    };
    let delete = |k: &str| {
        let (workspace, outcome, name, k) =
            (workspace.clone(), outcome.clone(), name.clone(), k.to_owned());
        Callback::from(move |_: MouseEvent| {
            let result = call(&workspace, "s3", "DeleteObject", json!({"Bucket": name, "Key": k}));
            outcome.set(Some(Outcome::of(&result, format!("Deleted {k}"))));
        })
    };
    let on_delete_bucket = {
        let (workspace, outcome, name) = (workspace.clone(), outcome.clone(), name.clone());
        Callback::from(move |_: MouseEvent| {
            match call(&workspace, "s3", "DeleteBucket", json!({"Bucket": name})) {
                Ok(_) => {
                    if let Some(n) = &navigator {
                        n.push(&Route::Buckets);
                    }
                }
                Err(e) => outcome.set(Some(Outcome::Failed(e.to_string()))),
            }
        })
    };
    html! {
        <section>
            <Breadcrumbs {trail} />
            <div class="page-header">
                <h1>{ &name }</h1>
                <div class="actions"><button class="button" id="delete-bucket" onclick={on_delete_bucket}>{ "Delete" }</button></div>
            </div>
            { Outcome::view(&outcome) }
            <div class="panel">
                <h2>{ format!("Objects ({})", objects.len()) }</h2>
                <table class="table" id="objects">
                    <thead><tr><th>{ "Name" }</th><th>{ "Size" }</th><th>{ "Last modified" }</th><th>{ "ETag" }</th><th>{ "Actions" }</th></tr></thead>
                    <tbody>
                        if objects.is_empty() { <tr><td colspan="5" class="empty">{ "No objects" }</td></tr> }
                        { for objects.iter().map(|o| {
                            let k = o["Key"].as_str().unwrap_or_default();
                            html! {
                                <tr>
                                    <td>{ k }</td><td>{ o["Size"].to_string() }</td>
                                    <td>{ o["LastModified"].as_str().unwrap_or_default() }</td>
                                    <td><code>{ o["ETag"].as_str().unwrap_or_default() }</code></td>
                                    <td><button class="link" onclick={download(k)}>{ "Download" }</button>{ " " }<button class="link" onclick={delete(k)}>{ "Delete" }</button></td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            <div class="panel">
                <h2>{ "Upload" }</h2>
                <label for="object-file">{ "A file" }</label>
                <input id="object-file" type="file" ref={file_input} onchange={on_file} />
                <label for="object-key">{ "Or a key and its text" }</label>
                <input id="object-key" type="text" value={(*key).clone()} oninput={bind(&key)} />
                <CodeEditor id={Some(AttrValue::from("object-body"))} label="Object text" rows={4} language={Language::Text} value={AttrValue::from((*body).clone())} on_change={bind_text(&body)} line_numbers={false} />
                <button class="button primary" id="put-object" onclick={on_put}>{ "Upload" }</button>
            </div>
        </section>
    }
}
