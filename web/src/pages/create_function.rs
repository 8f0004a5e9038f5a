//! Lambda › Functions › Create function (Author from scratch).

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::breadcrumbs::Breadcrumbs;
use crate::driver::now_millis;
use crate::pages::input_value;
use crate::route::Route;
use crate::store::WorkspaceContext;
use crate::store::{Action, Function};

/// The runtimes offered, as the console names them (`steplab_function::runtime::OFFERED`):
/// Python on RustPython, Node.js on the browser's JavaScript engine.
fn runtimes() -> Vec<String> {
    steplab_function::runtime::OFFERED
        .iter()
        .map(|id| steplab_function::runtime::display_name(id))
        .collect()
}

#[component]
pub fn CreateFunction() -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let navigator = use_navigator();
    let name = use_state(String::new);
    let runtime = use_state(|| {
        steplab_function::runtime::display_name(steplab_function::runtime::DEFAULT_RUNTIME)
    });
    let error = use_state(|| None::<String>);

    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| name.set(input_value(&e)))
    };
    let on_runtime = {
        let runtime = runtime.clone();
        Callback::from(move |e: Event| {
            runtime.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value())
        })
    };
    let on_create = {
        let (name, runtime, error, workspace) =
            (name.clone(), runtime.clone(), error.clone(), workspace.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let n = (*name).trim().to_owned();
            if let Err(rule) = steplab_runner::names::check_function_name(&n) {
                error.set(Some(rule.to_owned()));
                return;
            }
            if workspace.function(&n).is_some() {
                // Lambda's CreateFunction error for a name in use
                error.set(Some(format!("Function already exist: {n}")));
                return;
            }
            workspace.dispatch(Action::PutFunction(Function::new(&n, &runtime, now_millis())));
            if let Some(nav) = &navigator {
                nav.push(&Route::Function { name: n });
            }
        })
    };
    html! {
        <section>
            <Breadcrumbs trail={vec![("Lambda".into(), None), ("Functions".into(), Some(Route::Functions)), ("Create function".into(), None)]} />
            <h1>{ "Create function" }</h1>
            <form class="panel form" onsubmit={on_create}>
                <fieldset class="choice">
                    <label><input type="radio" name="how" checked=true />{ " Author from scratch" }</label>
                </fieldset>
                <h2>{ "Basic information" }</h2>
                <label for="function-name">{ "Function name" }</label>
                <input id="function-name" type="text" value={(*name).clone()} oninput={on_name} placeholder="myFunctionName" />
                <p class="hint">{ steplab_runner::names::FUNCTION_NAME_RULE }</p>
                <label for="runtime">{ "Runtime" }</label>
                <select id="runtime" onchange={on_runtime}>
                    { for runtimes().into_iter().map(|r| html! { <option value={r.clone()} selected={*runtime == r}>{ r }</option> }) }
                </select>
                if let Some(e) = &*error { <p class="field-error" role="alert">{ e }</p> }
                <div class="form-actions">
                    <Link<Route> to={Route::Functions} classes="button">{ "Cancel" }</Link<Route>>
                    <button type="submit" class="button primary">{ "Create function" }</button>
                </div>
            </form>
        </section>
    }
}
