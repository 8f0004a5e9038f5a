//! A Lambda function's page: Code (lambda_function.py, Deploy), Test (saved events, the result) and
//! Configuration (handler, timeout, memory, environment variables), as the Lambda console has them.

use std::cell::Cell;

use crate::storage::unsaved::{Concerned, UnsavedNotice};
use gloo::timers::callback::Timeout;
use steplab_runner::protocol::SyntaxProblem;
use steplab_runner::{Ids, LambdaCall, LambdaReply};
use yew::prelude::*;

use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::code_editor::CodeEditor;
use crate::components::editor::Language;
use crate::components::modal::Modal;
use crate::driver::now_millis;
use crate::lambda_host;
use crate::pages::function_config::FunctionConfiguration;
use crate::pages::function_editor::CodeSource;
use crate::pages::function_hint::{missing_module, unavailable_modules};
use crate::pages::function_logging::FunctionLogging;
use crate::route::Route;
use crate::store::WorkspaceContext;
use crate::store::{Action, Function};

/// How long typing pauses before the code is checked for syntax errors.
const CHECK_DELAY_MS: u32 = 400;

/// The console's "hello-world" test event.
const TEST_EVENT: &str =
    "{\n  \"key1\": \"value1\",\n  \"key2\": \"value2\",\n  \"key3\": \"value3\"\n}";

#[derive(Properties, PartialEq)]
pub struct FunctionProps {
    pub name: AttrValue,
}

#[derive(Clone, PartialEq)]
enum TestRun {
    Running,
    Done { request_id: String, reply: LambdaReply, not_made: Vec<String> },
    BadEvent(String),
}

#[derive(Clone, Copy, PartialEq)]
enum Tab {
    Code,
    Test,
    Configuration,
}

#[component]
pub fn FunctionPage(props: &FunctionProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let conflicts = use_context::<crate::storage::conflict::ConflictsContext>();
    let tab = use_state(|| Tab::Code);
    let event = use_state(|| TEST_EVENT.to_owned());
    let event_name = use_state(|| "hello-world".to_owned());
    let test = use_state(|| None::<TestRun>);
    let deployed_notice = use_state(|| false);
    let confirm_delete = use_state(|| false);
    let navigator = yew_router::prelude::use_navigator();
    let Some(function) = workspace.function(&props.name).cloned() else {
        return html! {
            <section>
                <Breadcrumbs trail={vec![("Lambda".into(), None), ("Functions".into(), Some(Route::Functions)), (props.name.clone(), None)]} />
                <div class="flash flash-error">{ format!("Function not found: {}", workspace.partition.function_arn(&props.name)) }</div>
            </section>
        };
    };
    let code = function.draft.clone().unwrap_or_else(|| function.config.code.clone());
    let changed = function.has_undeployed_edits();
    // the package's file shown in the editor: None for the code file (the handler's)
    let open_file = use_state(|| None::<String>);
    let open_path = (*open_file).clone().filter(|p| function.config.files.contains_key(p));
    // a Node.js function: its code is not Python (no Python syntax check is shown for it)
    let node = steplab_node::runtimes::is_node(&function.config.runtime);
    // the syntax error of the code last checked, with that code (a check answers later)
    let problem = use_state(|| None::<(String, Option<SyntaxProblem>)>);
    let check_timer = use_mut_ref(|| None::<Timeout>);
    {
        // the code as the page opens (or another function's page replaces this one)
        let (problem, code) = (problem.clone(), code.clone());
        let runtime = function.config.runtime.clone();
        use_effect_with(function.config.function_name.clone(), move |_| {
            check_code(code, runtime, problem)
        });
    }

    let on_edit = {
        let (workspace, function, deployed_notice) =
            (workspace.clone(), function.clone(), deployed_notice.clone());
        let (problem, check_timer) = (problem.clone(), check_timer.clone());
        Callback::from(move |text: String| {
            deployed_notice.set(false);
            let (problem, checked) = (problem.clone(), text.clone());
            let runtime = function.config.runtime.clone();
            *check_timer.borrow_mut() =
                Some(Timeout::new(CHECK_DELAY_MS, move || check_code(checked, runtime, problem)));
            workspace
                .dispatch(Action::PutFunction(Function { draft: Some(text), ..function.clone() }));
        })
    };
    let on_deploy = {
        let (workspace, function, deployed_notice) =
            (workspace.clone(), function.clone(), deployed_notice.clone());
        let problem = problem.clone();
        Callback::from(move |_: MouseEvent| {
            let code = function.draft.clone().unwrap_or_else(|| function.config.code.clone());
            // as on AWS, code with a syntax error deploys (its invocations then fail with
            // Runtime.UserCodeSyntaxError); the editor keeps marking the error
            check_code(code, function.config.runtime.clone(), problem.clone());
            workspace.dispatch(Action::PutFunction(function.deployed_edits(now_millis())));
            deployed_notice.set(true);
        })
    };
    let on_edit_file = {
        let (workspace, function, deployed_notice) =
            (workspace.clone(), function.clone(), deployed_notice.clone());
        let open_path = open_path.clone();
        Callback::from(move |text: String| {
            let Some(path) = open_path.clone() else { return };
            deployed_notice.set(false);
            let mut edited = function.clone();
            edited.file_drafts.insert(path, text);
            workspace.dispatch(Action::PutFunction(edited));
        })
    };
    let open = |path: Option<String>| {
        let open_file = open_file.clone();
        Callback::from(move |_: MouseEvent| open_file.set(path.clone()))
    };
    let package_files = if function.config.files.is_empty() {
        Html::default()
    } else {
        let entry = |path: &str, target: Option<String>, edited: bool| {
            let active = open_path == target;
            html! {
                <li>
                    <button class={classes!("file-tab", active.then_some("active"))} aria-pressed={active.to_string()} onclick={open(target)}>
                        { path.to_owned() }{ if edited { " •" } else { "" } }
                    </button>
                </li>
            }
        };
        let code_edited = function.draft.as_ref().is_some_and(|d| *d != function.config.code);
        html! {
            <nav class="package-files" id="package-files" aria-label="Files of the deployment package">
                <p class="hint">{ format!("The deployment package (/var/task): {} files. The handler's file is the code source; its imports find the others.", function.config.files.len() + 1) }</p>
                <ul>
                    { entry(&function.config.file_name, None, code_edited) }
                    { for function.config.files.keys().map(|p| {
                        let edited = function.file_drafts.get(p).is_some_and(|t| function.config.files.get(p) != Some(t));
                        entry(p, Some(p.clone()), edited)
                    }) }
                </ul>
            </nav>
        }
    };
    let on_event = {
        let event = event.clone();
        Callback::from(move |text: String| event.set(text))
    };
    let on_event_name = {
        let event_name = event_name.clone();
        Callback::from(move |e: InputEvent| event_name.set(crate::pages::input_value(&e)))
    };
    let on_pick_event = {
        let (event, event_name, function) = (event.clone(), event_name.clone(), function.clone());
        Callback::from(move |e: Event| {
            let name = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            if let Some((n, json)) = function.test_events.iter().find(|(n, _)| *n == name) {
                event_name.set(n.clone());
                event.set(json.clone());
            }
        })
    };
    let on_save_event = {
        let (workspace, function, event, event_name, test) =
            (workspace.clone(), function.clone(), event.clone(), event_name.clone(), test.clone());
        Callback::from(move |_: MouseEvent| {
            if let Err(e) = serde_json::from_str::<serde_json::Value>(&event) {
                test.set(Some(TestRun::BadEvent(format!(
                    "Invalid JSON at line {}, column {}: {e}",
                    e.line(),
                    e.column()
                ))));
                return;
            }
            let mut events = function.test_events.clone();
            match events.iter_mut().find(|(n, _)| *n == *event_name) {
                Some(slot) => slot.1 = (*event).clone(),
                None => events.push(((*event_name).clone(), (*event).clone())),
            }
            workspace.dispatch(Action::PutFunction(Function {
                test_events: events,
                ..function.clone()
            }));
        })
    };
    let on_test = {
        let (event, test, function, partition, tab, workspace) = (
            event.clone(),
            test.clone(),
            function.clone(),
            workspace.partition.clone(),
            tab.clone(),
            workspace.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            tab.set(Tab::Test);
            let payload = match serde_json::from_str::<serde_json::Value>(&event) {
                Ok(v) => v.to_string(),
                Err(e) => {
                    test.set(Some(TestRun::BadEvent(format!(
                        "Invalid JSON at line {}, column {}: {e}",
                        e.line(),
                        e.column()
                    ))));
                    return;
                }
            };
            #[allow(clippy::cast_sign_loss)]
            let request_id =
                Ids::new(js_sys::Math::random().to_bits() ^ now_millis() as u64).uuid();
            let call = LambdaCall {
                function_name: function.config.function_name.clone(),
                function_arn: format!(
                    "{}:$LATEST",
                    partition.function_arn(&function.config.function_name)
                ),
                payload,
                request_id: request_id.clone(),
            };
            let code = function.deployed(&partition);
            // what a synchronous Invoke from the function may run: the workspace's functions
            let functions = workspace.functions.iter().map(|f| f.deployed(&partition)).collect();
            test.set(Some(TestRun::Running));
            let test = test.clone();
            // boto3 reaches the workspace's resources; what the calls change lands after
            let aws = test_aws(&workspace, request_id.len() as u64 ^ now_millis().cast_unsigned());
            let workspace = workspace.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let reply = match lambda_host::invoke(code, call, Some(aws), functions).await {
                    Ok(reply) => reply,
                    Err(e) => LambdaReply {
                        payload: e,
                        function_error: Some("Unhandled".into()),
                        log: String::new(),
                        duration_ms: 0.0,
                        aws_calls: Vec::new(),
                        invoked: Vec::new(),
                        log_stream_name: None,
                    },
                };
                let not_made = if reply.aws_calls.is_empty() {
                    Vec::new()
                } else {
                    let mut services = workspace.services.clone();
                    let context = steplab_services::Context {
                        now_millis: now_millis(),
                        region: workspace.partition.region.clone(),
                        account: workspace.partition.account.clone(),
                    };
                    // named from a scratch copy; the workspace's resources get the calls again
                    let not_made = steplab_runner::handler_aws::make_on_services(
                        &mut services,
                        reply.aws_calls.clone(),
                        &context,
                    );
                    let made = reply
                        .aws_calls
                        .iter()
                        .filter(|c| !matches!(c.service.as_str(), "stepfunctions" | "lambda"))
                        .map(|c| steplab_runner::handler_aws::MadeCall {
                            now_millis: context.now_millis,
                            call: c.clone(),
                        })
                        .collect();
                    workspace.dispatch(Action::MakeServiceCalls(made));
                    not_made
                };
                test.set(Some(TestRun::Done { request_id, reply, not_made }));
            });
        })
    };
    let on_delete = {
        let (workspace, name, navigator) =
            (workspace.clone(), function.config.function_name.clone(), navigator.clone());
        Callback::from(move |_: MouseEvent| {
            workspace.dispatch(Action::DeleteFunction(name.clone()));
            if let Some(nav) = &navigator {
                nav.push(&Route::Functions);
            }
        })
    };
    let ask_delete = {
        let c = confirm_delete.clone();
        Callback::from(move |_: MouseEvent| c.set(true))
    };
    let keep = {
        let c = confirm_delete.clone();
        Callback::from(move |()| c.set(false))
    };
    // the last answer, kept while a newer check runs (so the mark does not flicker while typing)
    let shown_problem = problem.as_ref().and_then(|(_, p)| p.clone()).filter(|_| !node);
    let tab_button = |t: Tab, text: &'static str| {
        let active = *tab == t;
        let tab = tab.clone();
        html! { <button role="tab" aria-selected={active.to_string()} class={classes!("tab", active.then_some("active"))} onclick={Callback::from(move |_| tab.set(t))}>{ text }</button> }
    };

    html! {
        <section>
            <Breadcrumbs trail={vec![("Lambda".into(), None), ("Functions".into(), Some(Route::Functions)), (props.name.clone(), None)]} />
            <div class="page-header">
                <h1>{ &function.config.function_name }</h1>
                <div class="actions"><button class="button" onclick={ask_delete}>{ "Delete" }</button></div>
            </div>
            if *confirm_delete {
                <Modal title="Delete function" on_close={keep.clone()}
                    footer={html! { <>
                        <button class="button" onclick={keep.reform(|_: MouseEvent| ())}>{ "Cancel" }</button>
                        <button class="button primary" onclick={on_delete}>{ "Delete" }</button>
                    </> }}>
                    <p>{ format!("Delete function {}? State machines that invoke it will fail with Lambda.ResourceNotFoundException.", function.config.function_name) }</p>
                </Modal>
            }
            <UnsavedNotice record={Concerned::Function(props.name.to_string())} />
            if let Some(conflicts) = &conflicts
                && let Some(theirs) = conflicts.functions.get(props.name.as_str())
            {
                { conflict_banner(&workspace, conflicts, &function, theirs) }
            }
            if let Some(notice) = runtime_notice(&function.config.runtime) {
                <div class="flash flash-warning" role="status" id="runtime-notice">{ notice }</div>
            }
            { runtime_gaps(&function.config.runtime) }
            if *deployed_notice {
                <div class="flash flash-success" role="status">{ format!("Successfully updated the function {}.", function.config.function_name) }</div>
            }
            <div class="panel">
                <dl class="details">
                    <dt>{ "Function ARN" }</dt><dd>{ workspace.partition.function_arn(&function.config.function_name) }</dd>
                    <dt>{ "Runtime" }</dt><dd>{ steplab_function::runtime::display_name(&function.config.runtime) }</dd>
                    <dt>{ "Handler" }</dt><dd>{ &function.config.handler }</dd>
                </dl>
            </div>
            <div class="tabs" role="tablist">
                { tab_button(Tab::Code, "Code") }{ tab_button(Tab::Test, "Test") }{ tab_button(Tab::Configuration, "Configuration") }
            </div>
            { match *tab {
                Tab::Code => html! {
                    <div class="panel">
                        <div class="panel-header">
                            <h2>{ "Code source" }</h2>
                            <div class="actions">
                                <button class="button" onclick={on_test.clone()} disabled={matches!(*test, Some(TestRun::Running))}>{ "Test" }</button>
                                <button class="button primary" onclick={on_deploy} disabled={!changed}>{ "Deploy" }</button>
                            </div>
                        </div>
                        if changed { <p class="notice">{ "Changes not deployed" }</p> }
                        { package_files }
                        if let Some(path) = &open_path {
                            <div class="file-tab">{ path }</div>
                            <CodeSource id="package-file" label={format!("Code source: {path}")} value={function.file_text(path).unwrap_or_default().to_owned()} on_change={on_edit_file}
                                language={Language::of_file(path)} />
                        } else {
                        <div class="file-tab">{ &function.config.file_name }</div>
                        <CodeSource id="code-source" label={format!("Code source: {}", function.config.file_name)} value={code.clone()} on_change={on_edit} problem={shown_problem.clone()}
                            language={if node { Language::JavaScript } else { Language::Python }} />
                        }
                        if let (None, Some(p)) = (&open_path, &shown_problem) {
                            <div class="flash flash-error syntax-error" role="alert" id="code-syntax-error">
                                { format!("SyntaxError: {} ({}, line {}, column {})", p.message, function.config.file_name, p.line, p.column) }
                            </div>
                        }
                        if node {
                            <details class="node-runtime" id="node-runtime">
                                <summary>{ "Node.js in StepLab" }</summary>
                                <p>{ "Your function runs in your browser, in a Worker of its own, on the browser's JavaScript engine with StepLab's Node.js runtime around it (the same runtime the steplab CLI runs in node): ES modules and CommonJS, async and callback handlers, the context object, console lines as Lambda writes them. Node's built-in modules (fs, path, crypto, …), packages and the network are not there." }</p>
                            </details>
                        } else {
                        <details class="python-modules" id="python-modules">
                            <summary>{ "Python in StepLab" }</summary>
                            <p>{ format!("Your function runs in your browser, on RustPython with AWS's {} runtime around it: the standard library that handlers commonly use is there (json, datetime, time, logging, os, re, random, uuid, math, decimal, base64, hashlib, collections, dataclasses, typing, enum, itertools, functools, traceback, urllib, email, csv, gzip, zoneinfo, …), and boto3 and botocore as a subset written for StepLab whose clients (DynamoDB, S3, SQS, SNS, EventBridge, Lambda, Step Functions) reach StepLab's own services; other packages are not there, and there is no network.", python_runtime(&function.config.runtime)) }</p>
                            <p>{ "Not available (importing them raises ModuleNotFoundError): " }{ unavailable_modules().collect::<Vec<_>>().join(", ") }</p>
                        </details>
                        }
                    </div>
                },
                Tab::Test => html! {
                    <div class="panel">
                        <div class="panel-header">
                            <h2>{ "Test event" }</h2>
                            <div class="actions">
                                <button class="button" onclick={on_save_event}>{ "Save" }</button>
                                <button class="button primary" onclick={on_test.clone()} disabled={matches!(*test, Some(TestRun::Running))}>{ "Test" }</button>
                            </div>
                        </div>
                        if !function.test_events.is_empty() {
                            <label for="saved-events">{ "Saved event" }</label>
                            <select id="saved-events" onchange={on_pick_event}>
                                { for function.test_events.iter().map(|(n, _)| html! { <option value={n.clone()} selected={*n == *event_name}>{ n }</option> }) }
                            </select>
                        }
                        <label for="event-name">{ "Event name" }</label>
                        <input id="event-name" type="text" value={(*event_name).clone()} oninput={on_event_name} />
                        <p class="hint">{ "Event JSON" }</p>
                        <CodeEditor id={Some(AttrValue::from("test-event"))} label="Event JSON" value={(*event).clone()} on_change={on_event} rows={8} />
                    </div>
                },
                Tab::Configuration => html! { <>
                    <FunctionConfiguration function={function.clone()} />
                    <FunctionLogging function={function.clone()} />
                </> },
            } }
            { match &*test {
                None => Html::default(),
                Some(TestRun::Running) => html! { <div class="panel" role="status">{ "Executing function…" }</div> },
                Some(TestRun::BadEvent(e)) => html! { <div class="flash flash-error" role="alert">{ e }</div> },
                Some(TestRun::Done { request_id, reply, not_made }) => html! { <>
                    <TestResult request_id={request_id.clone()} reply={reply.clone()} runtime={function.config.runtime.clone()} />
                    if !not_made.is_empty() {
                        <div class="flash flash-info" id="test-not-made">
                            { "A Test runs outside any execution: these calls of the function were answered but not carried out (run the function from a state machine for them): " }
                            { not_made.join("; ") }
                        </div>
                    }
                </> },
            } }
        </section>
    }
}

/// What the console says of a runtime StepLab does not offer as it is (as the Lambda console warns
/// of deprecated runtimes): the version it runs on instead, or that it cannot run it.
fn runtime_notice(runtime: &str) -> Option<String> {
    use steplab_function::runtime::{display_name, runs_on};
    match runs_on(runtime) {
        Some(offered) if offered == runtime => None,
        Some(offered) => Some(format!(
            "{} is not a runtime StepLab offers (AWS has deprecated it, or StepLab does not have it yet): this function runs on {}, the nearest version StepLab offers. Behaviour that differs between the two versions may differ here.",
            display_name(runtime),
            display_name(offered)
        )),
        None => Some(format!(
            "StepLab cannot run {} functions: it runs Python and Node.js. Invocations of this function fail.",
            display_name(runtime)
        )),
    }
}

/// The Python runtime a function runs on (`python3.9` runs on python3.11).
fn python_runtime(runtime: &str) -> &'static str {
    steplab_function::runtime::runs_on(runtime)
        .filter(|r| r.starts_with("python"))
        .unwrap_or(steplab_function::runtime::DEFAULT_RUNTIME)
}

/// What StepLab's Python cannot do as AWS's runtime of the function's version does
/// (`steplab_function::known_gaps`), said plainly under the runtime; nothing for Node.js.
fn runtime_gaps(runtime: &str) -> Html {
    use steplab_function::runtime::{display_name, runs_on};
    let gaps = steplab_function::known_gaps(runtime);
    let Some(runs_on) = runs_on(runtime).filter(|_| !gaps.is_empty()) else {
        return Html::default();
    };
    html! {
        <div class="flash flash-info" role="note" id="runtime-gaps">
            <p>{ format!("What StepLab's {} does not do as AWS's:", display_name(runs_on)) }</p>
            <ul>{ for gaps.into_iter().map(|gap| html! { <li>{ gap }</li> }) }</ul>
        </div>
    }
}

/// Checks `code` (of a function of runtime `runtime`) in the checker worker and records the
/// answer, unless a newer check started since.
fn check_code(
    code: String,
    runtime: String,
    problem: UseStateHandle<Option<(String, Option<SyntaxProblem>)>>,
) {
    let number = CHECKS.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(found) = lambda_host::check(code.clone(), runtime).await else { return };
        if CHECKS.with(Cell::get) == number {
            problem.set(Some((code, found)));
        }
    });
}

thread_local! {
    /// How many checks have started (an older answer arriving late is dropped).
    static CHECKS: Cell<u64> = const { Cell::new(0) };
}

#[derive(Properties, PartialEq)]
struct TestResultProps {
    request_id: String,
    reply: LambdaReply,
    /// The function's runtime (a missing module's hint depends on its Python version).
    runtime: String,
}

#[component]
fn TestResult(props: &TestResultProps) -> Html {
    let ok = props.reply.function_error.is_none();
    // the console pretty-prints the response with two spaces
    let response = serde_json::from_str::<serde_json::Value>(&props.reply.payload)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| props.reply.payload.clone());
    html! {
        <div class={classes!("panel", "test-result", if ok { "succeeded" } else { "failed" })} id="test-result">
            <h2>{ if ok { "Executing function: succeeded" } else { "Executing function: failed" } }</h2>
            <h3>{ "Response" }</h3>
            <pre class="json" id="test-response">{ response }</pre>
            if let Some(missing) = missing_module(&props.reply.payload, &props.runtime) {
                <div class="flash flash-info module-hint" role="note" id="module-hint">{ missing.hint() }</div>
            }
            <h3>{ "Function Logs" }</h3>
            <pre class="logs">{ &props.reply.log }</pre>
            <h3>{ "Request ID" }</h3>
            <pre>{ &props.request_id }</pre>
            <h3>{ "Duration" }</h3>
            <pre>{ format!("{:.2} ms", props.reply.duration_ms) }</pre>
        </div>
    }
}

/// Another tab saved other code for the function this page edits: keep mine or take theirs.
fn conflict_banner(
    workspace: &WorkspaceContext,
    conflicts: &crate::storage::conflict::ConflictsContext,
    mine: &Function,
    theirs: &Function,
) -> Html {
    use crate::storage::conflict::ConflictAction;
    // either way, the store holds theirs now: what is chosen is saved over it
    let choose = |chosen: Function| {
        let (workspace, conflicts, theirs) = (workspace.clone(), conflicts.clone(), theirs.clone());
        Callback::from(move |_: MouseEvent| {
            let theirs = theirs.clone();
            crate::storage::writer::read_back(|w, _| {
                match w.functions.iter_mut().find(|f| f.name() == theirs.name()) {
                    Some(slot) => *slot = theirs.clone(),
                    None => w.functions.push(theirs.clone()),
                }
            });
            conflicts.dispatch(ConflictAction::Settled(theirs.name().to_owned()));
            // saved now: keeping mine changes nothing this page shows, so no change would save it
            let mut now = (*workspace).clone();
            match now.functions.iter_mut().find(|f| f.name() == chosen.name()) {
                Some(slot) => *slot = chosen.clone(),
                None => now.functions.push(chosen.clone()),
            }
            crate::storage::writer::save(&now);
            workspace.dispatch(Action::PutFunction(chosen.clone()));
        })
    };
    let their_code = theirs.draft.clone().unwrap_or_else(|| theirs.config.code.clone());
    html! {
        <div class="flash flash-error" role="alert" id="function-conflict">
            <p>{ "Another tab saved other code for this function while you were editing it here. Keep your version, or take theirs?" }</p>
            <details><summary>{ "Their code" }</summary><pre class="json">{ their_code }</pre></details>
            <button class="button" id="keep-mine" onclick={choose(mine.clone())}>{ "Keep mine" }</button>
            <button class="button" id="take-theirs" onclick={choose(theirs.clone())}>{ "Take theirs" }</button>
        </div>
    }
}

/// What the function's AWS SDK calls see in a Test: the workspace's resources and names.
fn test_aws(
    workspace: &crate::store::Workspace,
    seed: u64,
) -> steplab_runner::handler_aws::AwsSnapshot {
    steplab_runner::handler_aws::AwsSnapshot {
        services: workspace.services.clone(),
        now_millis: now_millis(),
        partition: workspace.partition.clone(),
        tokens: Default::default(),
        state_machines: workspace.state_machines.iter().map(|s| s.name.clone()).collect(),
        functions: workspace.functions.iter().map(|f| f.config.function_name.clone()).collect(),
        executions: Default::default(),
        seed,
        depth: 0,
    }
}
