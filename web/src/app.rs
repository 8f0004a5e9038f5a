//! The application shell: the workspace context, the top bar and the router.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::pages;
use crate::route::Route;
use crate::storage::load::SetAside;
use crate::store::{self, Action, WorkspaceContext};

#[component]
pub fn App() -> Html {
    let load_problem = use_state(|| None::<String>);
    let loaded = use_state(|| false);
    let set_aside = use_state(Vec::<SetAside>::new);
    let workspace = use_reducer(store::Workspace::default);
    let conflicts = use_reducer(crate::storage::conflict::Conflicts::default);
    crate::storage::channel::use_other_tabs(workspace.dispatcher(), conflicts.dispatcher());
    let live = use_reducer(crate::execution::live::Live::default);
    crate::driver::report_to(live.dispatcher());
    let save_problem = use_state(|| None::<crate::storage::unsaved::Unsaved>);
    // the workspace as stored, read once; the page is ready when it is shown
    {
        let (dispatcher, loaded, load_problem, save_problem, set_aside) = (
            workspace.dispatcher(),
            loaded.clone(),
            load_problem.clone(),
            save_problem.clone(),
            set_aside.clone(),
        );
        use_effect_with((), move |()| {
            wasm_bindgen_futures::spawn_local(async move {
                let report = Callback::from(move |p| save_problem.set(p));
                match crate::storage::load::load().await {
                    Ok(l) => {
                        crate::storage::writer::loaded(l.workspace.clone(), l.events, report);
                        crate::studio::drafts::loaded(l.drafts);
                        let mut w = l.workspace;
                        // executions left RUNNING by a page that was closed (see execution::recovery)
                        crate::execution::recovery::close_orphans(
                            &mut w.executions,
                            crate::clock::now_millis(),
                        );
                        if !l.problems.is_empty() {
                            load_problem.set(Some(l.problems.join(" ")));
                        }
                        set_aside.set(l.set_aside);
                        dispatcher.dispatch(Action::Loaded(w));
                    }
                    Err(e) => {
                        crate::storage::writer::loaded(
                            store::Workspace::default(),
                            Default::default(),
                            report,
                        );
                        load_problem.set(Some(format!("The stored workspace could not be opened ({e}): nothing will be kept across reloads")));
                    }
                }
                loaded.set(true);
            });
        });
    }
    {
        let loaded = *loaded;
        use_effect_with(workspace.clone(), move |w| {
            if loaded {
                crate::storage::writer::save(w);
            }
        });
    }
    // mark the page ready once the workspace is shown (tests and embeds wait for it)
    use_effect_with(*loaded, |loaded| {
        if *loaded
            && let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body())
        {
            let _ = body.set_attribute("data-ready", "true");
        }
    });
    use_effect_with((), |()| {
        crate::storage::persist();
        crate::storage::leave_warning();
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
    let problem = (*load_problem).clone();
    let unsaved: crate::storage::unsaved::UnsavedContext = (*save_problem).clone();
    html! {
        <ContextProvider<WorkspaceContext> context={workspace}>
        <ContextProvider<crate::execution::live::LiveContext> context={live}>
        <ContextProvider<crate::storage::conflict::ConflictsContext> context={conflicts}>
        <ContextProvider<crate::storage::unsaved::UnsavedContext> context={unsaved.clone()}>
            <HashRouter>
                <TopBar />
                if let Some(problem) = problem {
                    <div class="flash flash-error" role="alert">{ problem }</div>
                }
                if let Some(unsaved) = unsaved {
                    <div class="flash flash-error" role="alert" id="unsaved-banner">
                        { unsaved.sentence() }
                        <button class="btn btn-small unsaved-retry" onclick={Callback::from(|_| crate::storage::writer::retry())}>{ "Try again" }</button>
                    </div>
                }
                if *loaded {
                    <crate::storage::usage_view::StorageUsage only_when_short=true />
                }
                if !set_aside.is_empty() {
                    <crate::storage::set_aside_view::SetAsideList records={(*set_aside).clone()} on_change={{ let s = set_aside.clone(); Callback::from(move |r| s.set(r)) }} />
                }
                <main class="page">
                    if *loaded {
                        <Switch<Route> render={switch} />
                    } else {
                        <p class="hint" id="workspace-loading">{ "Loading the workspace…" }</p>
                    }
                </main>
            </HashRouter>
        </ContextProvider<crate::storage::unsaved::UnsavedContext>>
        </ContextProvider<crate::storage::conflict::ConflictsContext>>
        </ContextProvider<crate::execution::live::LiveContext>>
        </ContextProvider<WorkspaceContext>>
    }
}

#[component]
fn TopBar() -> Html {
    let route = use_route::<Route>().unwrap_or(Route::Home);
    let in_lambda =
        matches!(route, Route::Functions | Route::CreateFunction | Route::Function { .. });
    let service = match route {
        Route::Tables | Route::Table { .. } => "dynamodb",
        Route::Queues | Route::Queue { .. } => "sqs",
        Route::Topics | Route::Topic { .. } => "sns",
        Route::Buckets | Route::Bucket { .. } => "s3",
        Route::Rules | Route::Rule { .. } => "events",
        Route::LogGroups | Route::LogGroup { .. } | Route::LogStream { .. } => "logs",
        _ if in_lambda => "lambda",
        _ => "states",
    };
    let link = |to: Route, id: &str, label: &'static str| {
        html! { <Link<Route> {to} classes={classes!("service", (service == id).then_some("active"))}>{ label }</Link<Route>> }
    };
    html! {
        <header class="top-bar">
            <Link<Route> to={Route::Home} classes="brand">{ "StepLab" }</Link<Route>>
            <nav class="services" aria-label="Services">
                { link(Route::StateMachines, "states", "Step Functions") }
                { link(Route::Functions, "lambda", "Lambda") }
                { link(Route::Tables, "dynamodb", "DynamoDB") }
                { link(Route::Queues, "sqs", "SQS") }
                { link(Route::Topics, "sns", "SNS") }
                { link(Route::Buckets, "s3", "S3") }
                { link(Route::Rules, "events", "EventBridge") }
                { link(Route::LogGroups, "logs", "CloudWatch") }
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
        Route::ImportTemplate => html! { <crate::template_import::page::ImportTemplate /> },
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
        Route::MapRun { state_machine, name, id } => {
            html! { <pages::map_run::MapRunPage {state_machine} {name} {id} /> }
        }
        Route::MapRunExecution { state_machine, name, id, child } => {
            html! { <pages::map_run_execution::MapRunExecutionPage {state_machine} {name} {id} {child} /> }
        }
        Route::Tables => html! { <crate::resources::dynamodb::Tables /> },
        Route::Table { name } => html! { <crate::resources::dynamodb::TablePage {name} /> },
        Route::Queues => html! { <crate::resources::sqs::Queues /> },
        Route::Queue { name } => html! { <crate::resources::sqs::QueuePage {name} /> },
        Route::Topics => html! { <crate::resources::sns::Topics /> },
        Route::Topic { name } => html! { <crate::resources::sns::TopicPage {name} /> },
        Route::Buckets => html! { <crate::resources::s3::Buckets /> },
        Route::Bucket { name } => html! { <crate::resources::s3::BucketPage {name} /> },
        Route::Rules => html! { <crate::resources::events::Rules /> },
        Route::Rule { name } => html! { <crate::resources::events::RulePage {name} /> },
        Route::LogGroups => html! { <crate::logs::page::LogGroups /> },
        Route::LogGroup { group } => html! { <crate::logs::page::LogGroupPage {group} /> },
        Route::LogStream { group, stream } => {
            html! { <crate::logs::page::LogStreamPage {group} {stream} /> }
        }
        Route::Share { data } => html! { <crate::share::page::SharePage {data} /> },
        Route::NotFound => html! { <pages::home::NotFound /> },
    }
}
