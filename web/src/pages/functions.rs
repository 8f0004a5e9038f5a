//! Lambda › Functions: the list of functions, with search.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::breadcrumbs::Breadcrumbs;
use crate::pages::{format_date, input_value};
use crate::route::Route;
use crate::store::WorkspaceContext;

#[component]
pub fn Functions() -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let filter = use_state(String::new);
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| filter.set(input_value(&e)))
    };
    let needle = filter.to_lowercase();
    let shown: Vec<_> = workspace
        .functions
        .iter()
        .filter(|f| f.config.function_name.to_lowercase().contains(&needle))
        .collect();
    html! {
        <section>
            <Breadcrumbs trail={vec![("Lambda".into(), None), ("Functions".into(), None)]} />
            <div class="page-header">
                <h1>{ format!("Functions ({})", workspace.functions.len()) }</h1>
                <Link<Route> to={Route::CreateFunction} classes="button primary">{ "Create function" }</Link<Route>>
            </div>
            <input class="search" type="search" placeholder="Search by attributes or search by keyword"
                aria-label="Search by attributes or search by keyword" value={(*filter).clone()} oninput={on_filter} />
            <table class="table">
                <thead><tr>
                    <th>{ "Function name" }</th><th>{ "Description" }</th><th>{ "Package type" }</th>
                    <th>{ "Runtime" }</th><th>{ "Last modified" }</th>
                </tr></thead>
                <tbody>
                    if shown.is_empty() {
                        <tr><td colspan="5" class="empty">{ "No functions" }</td></tr>
                    }
                    { for shown.iter().map(|f| html! {
                        <tr>
                            <td><Link<Route> to={Route::Function { name: f.config.function_name.clone() }}>{ &f.config.function_name }</Link<Route>></td>
                            <td>{ "-" }</td>
                            <td>{ "Zip" }</td>
                            <td>{ steplab_function::runtime::display_name(&f.config.runtime) }</td>
                            <td>{ format_date(f.last_modified_millis) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </section>
    }
}
