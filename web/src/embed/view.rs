//! The embed itself: the graph coloured by the last run, the functions' code and the definition in
//! tabs, the input, Run, and the result (output, or error and cause). Its executions live in a
//! reducer of its own, in memory: the user's stored workspace is neither read nor written.

use std::rc::Rc;

use steplab_asl::Severity;
use steplab_runner::Partition;
use yew::prelude::*;

use super::content::{Content, EmbedFunction, Mode};
use crate::components::code_editor::CodeEditor;
use crate::components::editor::{Language, Mark};
use crate::components::status::Status;
use crate::driver;
use crate::graph::Graph;
use crate::share::codec::{self, Shared};
use crate::store::{Function, StateMachine, Workspace};
use crate::studio::json_editor::JsonEditor;

#[derive(Properties, PartialEq)]
pub struct EmbedViewProps {
    pub content: Rc<Content>,
}

/// The steps shown in lab mode when the content gives none: the reference lab's, for this content.
fn default_steps(content: &Content) -> Vec<String> {
    let mut steps: Vec<String> = content
        .functions
        .iter()
        .map(|f| {
            format!("Create the Lambda function {} (Python 3.11) with the code in its tab.", f.name)
        })
        .collect();
    steps.push(format!(
        "Create the state machine {} from the definition in the Definition tab.",
        content.name
    ));
    steps.push("Start an execution with the input below: Run. The graph shows each state's status, then the output (or the error and its cause).".into());
    steps
}

/// The console's permalink (`#/share/…`) of the edited state machine, its functions and input: the
/// console imports it into the user's workspace once they confirm.
fn open_in_steplab(
    content: &Content,
    definition: &str,
    functions: &[EmbedFunction],
    input: &str,
    role_suffix: &str,
) -> Result<String, String> {
    let workspace = run_workspace(content, definition, functions);
    let mut state_machine =
        workspace.state_machines.into_iter().next().ok_or("no state machine")?;
    // the name the console gives a new state machine's role
    state_machine.role_name = format!("StepFunctions-{}-role-{role_suffix}", content.name);
    let shared = Shared {
        steplab_share: codec::FORMAT_VERSION,
        state_machine,
        functions: workspace.functions,
        input: Some(input.to_owned()),
        resources: None,
    };
    codec::encode(&shared)
        .map(|p| format!("index.html{}{p}", codec::PREFIX))
        .map_err(|e| e.to_string())
}

/// The workspace one run needs: the state machine and its functions (never stored).
fn run_workspace(content: &Content, definition: &str, functions: &[EmbedFunction]) -> Workspace {
    let now = driver::now_millis();
    Workspace {
        partition: Partition::default(),
        functions: functions
            .iter()
            .map(|f| {
                let mut function = Function::new(&f.name, &f.runtime, now);
                function.config.code.clone_from(&f.code);
                function.config.handler.clone_from(&f.handler);
                function
            })
            .collect(),
        state_machines: vec![StateMachine {
            name: content.name.clone(),
            kind: "STANDARD".into(),
            definition: definition.to_owned(),
            role_name: format!("StepFunctions-{}-role", content.name),
            creation_millis: now,
            versions: Default::default(),
            config: crate::studio::config::MachineConfig::default(),
        }],
        executions: Vec::new(),
        services: steplab_services::Services::default(),
    }
}

fn pretty(text: &str) -> String {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| text.to_owned())
}

#[component]
pub fn EmbedView(props: &EmbedViewProps) -> Html {
    let content = props.content.clone();
    let editable = content.mode.editable();
    let definition = use_state(|| content.definition.clone());
    let functions = use_state(|| content.functions.clone());
    let input = use_state(|| content.input.clone());
    // tabs: 0..n the functions, n the definition
    let tab = use_state(|| 0usize);
    // lab mode: the step the reader is at
    let lab_step = use_state(|| 0usize);
    let runs = use_reducer(Workspace::default);
    let current = use_state(|| None::<String>);
    let problem = use_state(|| None::<String>);
    let role_suffix =
        use_state(|| steplab_runner::Ids::new(js_sys::Math::random().to_bits()).suffix(9));

    let parsed = steplab_asl::parse(&definition);
    let input_problem = serde_json::from_str::<serde_json::Value>(&input).err().map(|e| {
        format!("The input is not valid JSON: line {}, column {}: {e}", e.line(), e.column())
    });
    let record = current.as_ref().and_then(|n| runs.execution(&content.name, n)).cloned();
    let running = record.as_ref().is_some_and(|r| r.status == "RUNNING");
    let blocked = parsed.machine.is_none() || input_problem.is_some() || running;

    let on_run = {
        let (content, definition, functions, input) =
            (content.clone(), definition.clone(), functions.clone(), input.clone());
        let (runs, current, problem) = (runs.clone(), current.clone(), problem.clone());
        Callback::from(move |_: MouseEvent| {
            let workspace = run_workspace(&content, &definition, &functions);
            let name = driver::random_uuid();
            match driver::start_with(
                &workspace,
                runs.dispatcher(),
                &content.name,
                &name,
                &input,
                None,
                None,
            ) {
                Ok(()) => {
                    current.set(Some(name));
                    problem.set(None);
                }
                Err(e) => problem.set(Some(e)),
            }
        })
    };
    let on_definition = {
        let (definition, current) = (definition.clone(), current.clone());
        Callback::from(move |text: String| {
            definition.set(text);
            // the last run's colours belong to the old graph
            current.set(None);
        })
    };
    let on_input = {
        let input = input.clone();
        Callback::from(move |text: String| input.set(text))
    };

    let n = functions.len();
    let tab_button = |index: usize, label: String| {
        let tab = tab.clone();
        let selected = *tab == index;
        html! {
            <button role="tab" class={classes!("tab", selected.then_some("active"))} aria-selected={selected.to_string()}
                onclick={Callback::from(move |_| tab.set(index))}>{ label }</button>
        }
    };
    let code_view = if *tab < n {
        let f = &functions[*tab];
        let on_code = {
            let (functions, index) = (functions.clone(), *tab);
            Callback::from(move |code: String| {
                let mut next = (*functions).clone();
                next[index].code = code;
                functions.set(next);
            })
        };
        let rows = u32::try_from(f.code.lines().count().clamp(6, 24)).unwrap_or(12);
        html! {
            <div class="embed-code" data-function={f.name.clone()}>
                <div class="embed-file">{ format!("{}.py · handler {}", f.handler.split('.').next().unwrap_or("lambda_function"), f.handler) }</div>
                <CodeEditor id="embed-code" label={format!("Code of {}", f.name)} value={f.code.clone()} on_change={on_code}
                    readonly={!editable} line_numbers=true {rows}
                    language={if steplab_node::runtimes::is_node(&f.runtime) { Language::JavaScript } else { Language::Python }} />
            </div>
        }
    } else {
        let marks: Vec<Mark> = parsed
            .diagnostics
            .iter()
            .filter_map(|d| {
                let severity = if d.severity == Severity::Error { "error" } else { "warning" };
                d.span.clone().map(|span| Mark { span, severity, message: d.message.clone() })
            })
            .collect();
        html! {
            <JsonEditor id="embed-definition" label="Definition" value={(*definition).clone()} on_change={on_definition}
                {marks} readonly={!editable} />
        }
    };
    let steps =
        if content.steps.is_empty() { default_steps(&content) } else { content.steps.clone() };
    // walking the default steps shows each function's code, then the definition
    let go_to_step = |i: usize| {
        let (lab_step, tab, shows_tabs) = (lab_step.clone(), tab.clone(), content.steps.is_empty());
        Callback::from(move |_: MouseEvent| {
            lab_step.set(i);
            if shows_tabs && i <= n {
                tab.set(i);
            }
        })
    };
    let succeeded = record.as_ref().is_some_and(|r| r.status == "SUCCEEDED");

    html! {
        <div class="embed" data-mode={content.mode.name()}>
            <div class="embed-header">
                <div>
                    <strong class="embed-title">{ content.title.clone().unwrap_or_else(|| content.name.clone()) }</strong>
                    <span class="embed-mode">{ match content.mode { Mode::ReadOnly => "Read-only", Mode::Editable => "Editable", Mode::Lab => "Lab" } }</span>
                    if let Some(d) = &content.description { <div class="embed-description">{ d }</div> }
                </div>
                if content.mode == Mode::Lab {
                    { match open_in_steplab(&content, &definition, &functions, &input, &role_suffix) {
                        Ok(href) => html! {
                            <a class="button" id="embed-open" target="_blank" rel="noopener" {href}>{ "Open in StepLab" }</a>
                        },
                        Err(e) => html! { <span class="field-error" id="embed-open-problem">{ e }</span> },
                    } }
                }
            </div>
            if content.mode == Mode::Lab {
                <ol class="embed-steps" aria-label="Lab steps">
                    { for steps.iter().enumerate().map(|(i, s)| {
                        let last = i + 1 == steps.len();
                        let done = i < *lab_step || (last && succeeded);
                        let current = i == *lab_step;
                        html! {
                            <li class={classes!(done.then_some("done"), current.then_some("current"))}
                                aria-current={current.then_some("step")}>
                                { s }
                                if current && !last {
                                    <button class="button" id="embed-next-step" onclick={go_to_step(i + 1)}>{ "Next step" }</button>
                                }
                            </li>
                        }
                    }) }
                </ol>
            }
            <div class="embed-body">
                <div class="embed-graph" aria-label="Graph">
                    <Graph definition={(*definition).clone()} events={record.as_ref().map(|r| r.events.clone()).unwrap_or_default()}
                        execution_status={record.as_ref().map(|r| AttrValue::from(r.status.clone()))} />
                </div>
                <div class="embed-source">
                    <div class="tabs" role="tablist" aria-label="Source">
                        { for functions.iter().enumerate().map(|(i, f)| tab_button(i, f.name.clone())) }
                        { tab_button(n, "Definition".into()) }
                    </div>
                    { code_view }
                    if !parsed.diagnostics.is_empty() {
                        <ul class="diagnostics" role="alert" aria-label="Definition problems">
                            { for parsed.diagnostics.iter().map(|d| html! {
                                <li class={if d.severity == Severity::Error { "error" } else { "warning" }}>{ d.aws_message() }</li>
                            }) }
                        </ul>
                    }
                </div>
            </div>
            <div class="embed-run">
                <div class="embed-input">
                    <label for="embed-input">{ "Input" }</label>
                    <JsonEditor id="embed-input" label="Input" value={(*input).clone()} on_change={on_input} readonly={!editable} rows={6} />
                    if let Some(p) = &input_problem { <div class="field-error" role="alert">{ p }</div> }
                </div>
                <div class="embed-actions">
                    <button class="button primary" id="embed-run" disabled={blocked} onclick={on_run}>
                        { if running { "Running…" } else { "Run" } }
                    </button>
                </div>
            </div>
            if let Some(p) = &*problem { <div class="flash flash-error" role="alert">{ p }</div> }
            if let Some(r) = &record {
                <section class="embed-result" id="embed-result" data-status={r.status.clone()} aria-live="polite">
                    <div><Status status={r.status.clone()} /></div>
                    if let Some(out) = &r.output {
                        <h4>{ "Output" }</h4>
                        <pre class="json" id="embed-output">{ pretty(out) }</pre>
                    }
                    if r.error.is_some() || r.cause.is_some() {
                        <dl class="embed-failure">
                            <dt>{ "Error" }</dt><dd class="error" id="embed-error">{ r.error.clone().unwrap_or_default() }</dd>
                            <dt>{ "Cause" }</dt><dd class="cause" id="embed-cause">{ r.cause.clone().unwrap_or_default() }</dd>
                        </dl>
                    }
                    if !r.logs.is_empty() {
                        <details class="embed-logs">
                            <summary>{ "Function logs" }</summary>
                            { for r.logs.iter().map(|l| html! { <pre class="logs">{ &l.log }</pre> }) }
                        </details>
                    }
                </section>
            }
        </div>
    }
}
