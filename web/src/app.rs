//! The application shell: the workspace context, the top bar and the router.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::pages;
use crate::route::Route;
use crate::store::{self, WorkspaceContext};

#[component]
pub fn App() -> Html {
    let load_problem = use_state(|| None::<String>);
    let workspace = {
        let load_problem = load_problem.clone();
        use_reducer(move || {
            let (workspace, problem) = store::load();
            load_problem.set(problem);
            workspace
        })
    };
    crate::execution::tabs::use_other_tabs(workspace.dispatcher());
    let live = use_reducer(crate::execution::live::Live::default);
    crate::driver::report_to(live.dispatcher());
    let save_problem = use_state(|| None::<String>);
    {
        let save_problem = save_problem.clone();
        use_effect_with(workspace.clone(), move |w| {
            save_problem.set(store::save(w).err());
        });
    }
    // mark the page ready once the first render is done (tests and embeds wait for it)
    use_effect_with((), |()| {
        if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
            let _ = body.set_attribute("data-ready", "true");
        }
        crate::execution::executions_worker::start(crate::driver::on_message);
        crate::lambda_host::warm(|ms| {
            if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body())
            {
                let _ = body.set_attribute("data-python-ready", &format!("{ms:.0}"));
                // milliseconds since navigation: worker download, wasm compile and interpreter boot
                let at = web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now());
                let _ = body.set_attribute("data-python-ready-at", &format!("{at:.0}"));
            }
        });
    });
    let problem = (*load_problem).clone().or_else(|| (*save_problem).clone());
    html! {
        <ContextProvider<WorkspaceContext> context={workspace}>
        <ContextProvider<crate::execution::live::LiveContext> context={live}>
            <HashRouter>
                <TopBar />
                if let Some(problem) = problem {
                    <div class="flash flash-error" role="alert">{ problem }</div>
                }
                <main class="page">
                    <Switch<Route> render={switch} />
                </main>
            </HashRouter>
        </ContextProvider<crate::execution::live::LiveContext>>
        </ContextProvider<WorkspaceContext>>
    }
}

#[component]
fn TopBar() -> Html {
    let route = use_route::<Route>().unwrap_or(Route::Home);
    let in_lambda =
        matches!(route, Route::Functions | Route::CreateFunction | Route::Function { .. });
    html! {
        <header class="top-bar">
            <Link<Route> to={Route::Home} classes="brand">{ "StepLab" }</Link<Route>>
            <nav class="services" aria-label="Services">
                <Link<Route> to={Route::StateMachines} classes={classes!("service", (!in_lambda).then_some("active"))}>{ "Step Functions" }</Link<Route>>
                <Link<Route> to={Route::Functions} classes={classes!("service", in_lambda.then_some("active"))}>{ "Lambda" }</Link<Route>>
            </nav>
            <span class="region" title="Region">{ "Canada (Central) ca-central-1" }</span>
        </header>
    }
}

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <pages::home::Home /> },
        Route::Functions => html! { <pages::functions::Functions /> },
        Route::CreateFunction => html! { <pages::create_function::CreateFunction /> },
        Route::Function { name } => html! { <pages::function::FunctionPage {name} /> },
        Route::StateMachines => html! { <pages::state_machines::StateMachines /> },
        Route::CreateStateMachine => html! { <pages::create_state_machine::CreateStateMachine /> },
        Route::CopyStateMachine { name } => {
            html! { <pages::create_state_machine::CreateStateMachine copy_of={Some(name)} /> }
        }
        Route::EditStateMachine { name } => {
            html! { <pages::workflow_studio::WorkflowStudio existing={Some(name)} /> }
        }
        Route::StateMachine { name } => html! { <pages::state_machine::StateMachinePage {name} /> },
        Route::Execution { state_machine, name } => {
            html! { <pages::execution::ExecutionPage {state_machine} {name} /> }
        }
        Route::Share { data } => html! { <crate::share::page::SharePage {data} /> },
        Route::NotFound => html! { <pages::home::NotFound /> },
    }
}
