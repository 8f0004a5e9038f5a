//! DynamoDB › Tables: the tables (create, delete) and a table's items (as a table and as JSON;
//! create, edit, delete).

use serde_json::{Value, json};
use yew::prelude::*;
use yew_router::prelude::*;

use super::{Outcome, bind, bind_text, call, read};
use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::code_editor::CodeEditor;
use crate::components::editor::Language;
use crate::route::Route;
use crate::store::WorkspaceContext;

fn names(workspace: &crate::store::Workspace) -> Vec<String> {
    read(workspace, "dynamodb", "ListTables", json!({}))
        .ok()
        .and_then(|v| v["TableNames"].as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|n| n.as_str().map(str::to_owned))
        .collect()
}

#[component]
pub fn Tables() -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let (name, pk, pk_type, sk, sk_type) = (
        use_state(String::new),
        use_state(|| "id".to_owned()),
        use_state(|| "S".to_owned()),
        use_state(String::new),
        use_state(|| "S".to_owned()),
    );
    let outcome = use_state(|| None::<Outcome>);
    let on_create = {
        let (workspace, name, pk, pk_type, sk, sk_type, outcome) = (
            workspace.clone(),
            name.clone(),
            pk.clone(),
            pk_type.clone(),
            sk.clone(),
            sk_type.clone(),
            outcome.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let mut keys = vec![json!({"AttributeName": *pk, "KeyType": "HASH"})];
            let mut attributes = vec![json!({"AttributeName": *pk, "AttributeType": *pk_type})];
            if !sk.is_empty() {
                keys.push(json!({"AttributeName": *sk, "KeyType": "RANGE"}));
                attributes.push(json!({"AttributeName": *sk, "AttributeType": *sk_type}));
            }
            let input = json!({"TableName": *name, "KeySchema": keys,
                "AttributeDefinitions": attributes, "BillingMode": "PAY_PER_REQUEST"});
            let result = call(&workspace, "dynamodb", "CreateTable", input);
            outcome.set(Some(Outcome::of(&result, format!("Table {} was created.", *name))));
        })
    };
    let type_select = |state: &UseStateHandle<String>, id: &'static str| {
        let s = state.clone();
        let onchange = Callback::from(move |e: Event| {
            use yew::TargetCast;
            s.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value());
        });
        html! {
            <select {id} {onchange}>
                { for ["S", "N", "B"].iter().map(|t| html! { <option value={*t} selected={**state == *t}>{ match *t { "S" => "String", "N" => "Number", _ => "Binary" } }</option> }) }
            </select>
        }
    };
    let tables = names(&workspace);
    html! {
        <section>
            <Breadcrumbs trail={vec![("DynamoDB".into(), None), ("Tables".into(), None)]} />
            <div class="page-header"><h1>{ format!("Tables ({})", tables.len()) }</h1></div>
            <crate::resources::file::ResourcesFile />
            { Outcome::view(&outcome) }
            <table class="table" id="dynamodb-tables">
                <thead><tr><th>{ "Name" }</th><th>{ "Status" }</th><th>{ "Partition key" }</th><th>{ "Sort key" }</th><th>{ "Items" }</th></tr></thead>
                <tbody>
                    if tables.is_empty() { <tr><td colspan="5" class="empty">{ "No tables" }</td></tr> }
                    { for tables.iter().map(|t| {
                        let d = read(&workspace, "dynamodb", "DescribeTable", json!({"TableName": t})).unwrap_or_default();
                        let d = &d["Table"];
                        let key = |kind: &str| d["KeySchema"].as_array().and_then(|k| k.iter().find(|k| k["KeyType"] == kind)).and_then(|k| k["AttributeName"].as_str()).unwrap_or("-").to_owned();
                        html! {
                            <tr>
                                <td><Link<Route> to={Route::Table { name: t.clone() }}>{ t }</Link<Route>></td>
                                <td>{ d["TableStatus"].as_str().unwrap_or("-") }</td>
                                <td>{ key("HASH") }</td><td>{ key("RANGE") }</td>
                                <td>{ d["ItemCount"].to_string() }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            <div class="panel">
                <h2>{ "Create table" }</h2>
                <label for="table-name">{ "Table name" }</label>
                <input id="table-name" type="text" value={(*name).clone()} oninput={bind(&name)} />
                <label for="partition-key">{ "Partition key" }</label>
                <div class="row"><input id="partition-key" type="text" value={(*pk).clone()} oninput={bind(&pk)} />{ type_select(&pk_type, "partition-key-type") }</div>
                <label for="sort-key">{ "Sort key - optional" }</label>
                <div class="row"><input id="sort-key" type="text" value={(*sk).clone()} oninput={bind(&sk)} />{ type_select(&sk_type, "sort-key-type") }</div>
                <button class="button primary" id="create-table" onclick={on_create}>{ "Create table" }</button>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct TableProps {
    pub name: AttrValue,
}

/// A table's items, from a Scan (in DynamoDB JSON, as the console's JSON view shows them).
#[component]
pub fn TablePage(props: &TableProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let as_json = use_state(|| false);
    let item_text = use_state(|| "{\n  \"id\": {\"S\": \"1\"}\n}".to_owned());
    let outcome = use_state(|| None::<Outcome>);
    let navigator = use_navigator();
    let name = props.name.to_string();
    let description = match read(
        &workspace,
        "dynamodb",
        "DescribeTable",
        json!({"TableName": name}),
    ) {
        Ok(d) => d,
        Err(e) => {
            return html! {
                <section>
                    <Breadcrumbs trail={vec![("DynamoDB".into(), None), ("Tables".into(), Some(Route::Tables)), (name.clone().into(), None)]} />
                    <div class="flash flash-error" role="alert">{ e }</div>
                </section>
            };
        }
    };
    let key_names: Vec<String> = description["Table"]["KeySchema"]
        .as_array()
        .map(|k| k.iter().filter_map(|k| k["AttributeName"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    let items: Vec<Value> = read(&workspace, "dynamodb", "Scan", json!({"TableName": name}))
        .ok()
        .and_then(|v| v["Items"].as_array().cloned())
        .unwrap_or_default();
    let mut columns = key_names.clone();
    for item in &items {
        for k in item.as_object().into_iter().flat_map(|o| o.keys()) {
            if !columns.contains(k) {
                columns.push(k.clone());
            }
        }
    }
    let on_put = {
        let (workspace, item_text, outcome, name) =
            (workspace.clone(), item_text.clone(), outcome.clone(), name.clone());
        Callback::from(move |_: MouseEvent| {
            let item: Value = match serde_json::from_str(&item_text) {
                Ok(v) => v,
                Err(e) => {
                    return outcome
                        .set(Some(Outcome::Failed(format!("The item is not JSON: {e}"))));
                }
            };
            let result =
                call(&workspace, "dynamodb", "PutItem", json!({"TableName": name, "Item": item}));
            outcome.set(Some(Outcome::of(&result, "The item was saved.")));
        })
    };
    let delete_item = |item: &Value| {
        let key: serde_json::Map<String, Value> =
            key_names.iter().filter_map(|k| item.get(k).map(|v| (k.clone(), v.clone()))).collect();
        let (workspace, outcome, name) = (workspace.clone(), outcome.clone(), name.clone());
        Callback::from(move |_: MouseEvent| {
            let result =
                call(&workspace, "dynamodb", "DeleteItem", json!({"TableName": name, "Key": key}));
            outcome.set(Some(Outcome::of(&result, "The item was deleted.")));
        })
    };
    let edit_item = |item: &Value| {
        let (item_text, text) =
            (item_text.clone(), serde_json::to_string_pretty(item).unwrap_or_default());
        Callback::from(move |_: MouseEvent| item_text.set(text.clone()))
    };
    let on_delete_table = {
        let (workspace, outcome, name) = (workspace.clone(), outcome.clone(), name.clone());
        Callback::from(move |_: MouseEvent| {
            let result = call(&workspace, "dynamodb", "DeleteTable", json!({"TableName": name}));
            match result {
                Ok(_) => {
                    if let Some(n) = &navigator {
                        n.push(&Route::Tables);
                    }
                }
                Err(e) => outcome.set(Some(Outcome::Failed(e.to_string()))),
            }
        })
    };
    let toggle = {
        let as_json = as_json.clone();
        Callback::from(move |_: MouseEvent| as_json.set(!*as_json))
    };
    html! {
        <section>
            <Breadcrumbs trail={vec![("DynamoDB".into(), None), ("Tables".into(), Some(Route::Tables)), (name.clone().into(), None)]} />
            <div class="page-header">
                <h1>{ &name }</h1>
                <div class="actions"><button class="button" id="delete-table" onclick={on_delete_table}>{ "Delete table" }</button></div>
            </div>
            { Outcome::view(&outcome) }
            <div class="panel">
                <div class="panel-header">
                    <h2>{ format!("Items returned ({})", items.len()) }</h2>
                    <button class="button" id="items-view" onclick={toggle}>{ if *as_json { "Table view" } else { "JSON view" } }</button>
                </div>
                if *as_json {
                    <pre class="json" id="items-json">{ serde_json::to_string_pretty(&items).unwrap_or_default() }</pre>
                } else {
                    <table class="table" id="items">
                        <thead><tr>{ for columns.iter().map(|c| html! { <th>{ c }</th> }) }<th>{ "Actions" }</th></tr></thead>
                        <tbody>
                            if items.is_empty() { <tr><td colspan={(columns.len() + 1).to_string()} class="empty">{ "No items" }</td></tr> }
                            { for items.iter().map(|item| html! {
                                <tr>
                                    { for columns.iter().map(|c| html! { <td>{ item.get(c).map(show).unwrap_or_default() }</td> }) }
                                    <td>
                                        <button class="link" onclick={edit_item(item)}>{ "Edit" }</button>{ " " }
                                        <button class="link" onclick={delete_item(item)}>{ "Delete" }</button>
                                    </td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                }
            </div>
            <div class="panel">
                <h2>{ "Create or edit item" }</h2>
                <label for="item-json">{ "Item (DynamoDB JSON)" }</label>
                <CodeEditor id={Some(AttrValue::from("item-json"))} label="Item (DynamoDB JSON)" rows={8} language={Language::Json} value={AttrValue::from((*item_text).clone())} on_change={bind_text(&item_text)} line_numbers={false} />
                <button class="button primary" id="put-item" onclick={on_put}>{ "Save item" }</button>
            </div>
        </section>
    }
}

/// An attribute value as the console's table shows it: the value without its type.
fn show(value: &Value) -> String {
    let Some((kind, v)) = value.as_object().and_then(|o| o.iter().next()) else {
        return value.to_string();
    };
    match (kind.as_str(), v) {
        ("S" | "N" | "B", Value::String(s)) => s.clone(),
        ("NULL", _) => "null".into(),
        ("BOOL", b) => b.to_string(),
        _ => v.to_string(),
    }
}
