//! The Start execution dialog: a name (a fresh UUID) and the input, checked before anything starts;
//! the input can be imported from a file and exported to one; the execution can open in a new tab.

use yew::prelude::*;

use crate::components::code_editor::CodeEditor;
use crate::components::modal::Modal;
use crate::pages::input_value;

/// The input the console pre-fills.
pub const DEFAULT_INPUT: &str = "{\n    \"Comment\": \"Insert your JSON here\"\n}";

/// What the dialog asks to start.
#[derive(Clone, Debug, PartialEq)]
pub struct StartRequest {
    pub name: String,
    /// JSON text, as typed.
    pub input: String,
    /// "Open in a new browser tab".
    pub new_tab: bool,
    /// The seed of the run's random choices (StepLab; random when not given).
    pub seed: Option<u64>,
    /// The definition to run instead of the state machine's ("re-run from here", edited or not).
    pub definition: Option<String>,
    /// The test case of the machine's mock configuration to run with (StepLab; `None`: none).
    pub mock_test_case: Option<String>,
    /// The `MockConfigFile` to take that test case from instead of the machine's (the mocks an
    /// execution ran with, kept with it).
    pub mock_config: Option<String>,
    /// The version number or alias name to start (`StartExecution` on the version or alias ARN);
    /// `None`: the state machine's unqualified ARN, which runs its latest revision.
    pub qualifier: Option<String>,
}

/// The mocks an execution ran with, offered by the dialog of its page (StepLab).
#[derive(Clone, Debug, PartialEq)]
pub struct ExecutionMocks {
    /// The execution's name.
    pub execution: String,
    pub test_case: String,
    /// The `MockConfigFile` kept with the execution.
    pub config: String,
}

/// The mocks chosen in the dialog.
#[derive(Clone, Debug, PartialEq)]
enum MockChoice {
    /// Default responses of the AWS integrations.
    None,
    /// A test case of the machine's mock configuration, as it is now.
    Case(String),
    /// The mocks the execution ran with.
    Execution,
}

#[derive(Properties, PartialEq)]
pub struct StartExecutionProps {
    pub on_cancel: Callback<()>,
    /// Gets the request; answers `Err` text through the second callback (shown in the dialog).
    pub on_start: Callback<(StartRequest, Callback<String>)>,
    /// The input to pre-fill (the console's comment when not given).
    #[prop_or_default]
    pub initial_input: Option<AttrValue>,
    /// "Re-run from here": the state the new execution starts at.
    #[prop_or_default]
    pub from_state: Option<AttrValue>,
    /// The seed to pre-fill (a re-run replays its execution's choices).
    #[prop_or_default]
    pub initial_seed: Option<u64>,
    /// "Re-run from here": the definition to run, shown for editing.
    #[prop_or_default]
    pub definition: Option<AttrValue>,
    /// The test cases of the machine's mock configuration (the first is chosen at first).
    #[prop_or_default]
    pub mock_test_cases: Vec<String>,
    /// The test case to choose at first instead (a re-run keeps its execution's).
    #[prop_or_default]
    pub initial_test_case: Option<String>,
    /// The mocks the execution whose page opened the dialog ran with (chosen at first).
    #[prop_or_default]
    pub execution_mocks: Option<ExecutionMocks>,
    /// The dialog belongs to an execution's page: it starts with that execution's mocks (none
    /// when it ran without) rather than the first test case.
    #[prop_or_default]
    pub from_execution: bool,
    /// The versions and aliases the execution may start on: (qualifier, label); none: the choice
    /// is not offered.
    #[prop_or_default]
    pub qualifiers: Vec<(String, String)>,
    /// The version or alias chosen at first (a version's or alias's Start execution).
    #[prop_or_default]
    pub initial_qualifier: Option<String>,
}

/// The largest seed (integers up to 2^53 − 1 survive JavaScript and JSON).
pub const MAX_SEED: u64 = 9_007_199_254_740_991;

/// The seed typed, or why it is not one.
pub fn parse_seed(text: &str) -> Result<Option<u64>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<u64>()
        .ok()
        .filter(|s| *s <= MAX_SEED)
        .map(Some)
        .ok_or_else(|| format!("The seed must be a whole number from 0 to {MAX_SEED}."))
}

/// Why `input` cannot start an execution, with the position of a JSON error.
pub fn input_problem(input: &str) -> Option<String> {
    if input.trim().is_empty() {
        // an empty input starts the execution with {} (the console sends "{}")
        return None;
    }
    if input.len() > steplab_asl::MAX_PAYLOAD_BYTES {
        // StartExecution's length constraint on `input`, in AWS's validation wording
        return Some(format!(
            "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to {} (the input is {} bytes)",
            steplab_asl::MAX_PAYLOAD_BYTES,
            input.len()
        ));
    }
    serde_json::from_str::<serde_json::Value>(input)
        .err()
        .map(|e| format!("Invalid JSON at line {}, column {}: {e}", e.line(), e.column()))
}

#[component]
pub fn StartExecution(props: &StartExecutionProps) -> Html {
    let name = use_state(crate::driver::random_uuid);
    let input = {
        let initial = props.initial_input.clone();
        use_state(move || initial.map_or_else(|| DEFAULT_INPUT.to_owned(), |i| i.to_string()))
    };
    let new_tab = use_state(|| false);
    let qualifier = {
        let initial = props.initial_qualifier.clone();
        use_state(move || initial)
    };
    let seed = {
        let initial = props.initial_seed;
        use_state(move || initial.map(|s| s.to_string()).unwrap_or_default())
    };
    let seed_value = parse_seed(&seed);
    let definition = {
        let initial = props.definition.clone();
        use_state(move || initial.map(|d| d.to_string()))
    };
    let definition_problem = definition.as_deref().and_then(|d| {
        serde_json::from_str::<serde_json::Value>(d)
            .err()
            .map(|e| format!("Invalid JSON at line {}, column {}: {e}", e.line(), e.column()))
    });
    let problem = use_state(|| None::<String>);
    let file_input = use_node_ref();
    let test_case = {
        let first = if props.execution_mocks.is_some() {
            MockChoice::Execution
        } else if let Some(c) =
            props.initial_test_case.as_ref().filter(|c| props.mock_test_cases.contains(c))
        {
            MockChoice::Case(c.clone())
        } else if props.from_execution {
            MockChoice::None
        } else {
            props.mock_test_cases.first().cloned().map_or(MockChoice::None, MockChoice::Case)
        };
        use_state(move || first)
    };
    let on_test_case = {
        let (test_case, cases) = (test_case.clone(), props.mock_test_cases.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            let case = v.strip_prefix("case-").and_then(|i| i.parse::<usize>().ok());
            test_case.set(match (v.as_str(), case.and_then(|i| cases.get(i))) {
                ("execution", _) => MockChoice::Execution,
                (_, Some(c)) => MockChoice::Case(c.clone()),
                _ => MockChoice::None,
            });
        })
    };

    let input_problem = input_problem(&input);
    let name_problem = steplab_runner::names::check_execution_name(&name).err();

    let on_name = {
        let (name, problem) = (name.clone(), problem.clone());
        Callback::from(move |e: InputEvent| {
            problem.set(None);
            name.set(input_value(&e));
        })
    };
    let on_input = {
        let (input, problem) = (input.clone(), problem.clone());
        Callback::from(move |t: String| {
            problem.set(None);
            input.set(t);
        })
    };
    let on_format = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(&input)
                && let Ok(pretty) = serde_json::to_string_pretty(&v)
            {
                input.set(pretty);
            }
        })
    };
    let on_import_click = {
        let file_input = file_input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = file_input.cast::<web_sys::HtmlInputElement>() {
                el.click();
            }
        })
    };
    let on_import = {
        let (input, problem) = (input.clone(), problem.clone());
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            let (input, problem) = (input.clone(), problem.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match crate::execution::files::read_chosen(&el).await {
                    Ok((_, text)) => {
                        problem.set(None);
                        input.set(text);
                    }
                    Err(e) => problem.set(Some(e)),
                }
                // the same file can be imported again
                el.set_value("");
            });
        })
    };
    let on_export = {
        let (input, name, problem) = (input.clone(), name.clone(), problem.clone());
        Callback::from(move |_: MouseEvent| {
            if let Err(e) = crate::execution::files::download(
                &format!("{}.json", *name),
                &input,
                "application/json",
            ) {
                problem.set(Some(e));
            }
        })
    };
    let on_new_tab = {
        let new_tab = new_tab.clone();
        Callback::from(move |_: Event| new_tab.set(!*new_tab))
    };
    let on_qualifier = {
        let qualifier = qualifier.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            qualifier.set((!v.is_empty()).then_some(v));
        })
    };
    let on_seed = {
        let seed = seed.clone();
        Callback::from(move |e: InputEvent| seed.set(input_value(&e)))
    };
    let on_definition = {
        let (definition, problem) = (definition.clone(), problem.clone());
        Callback::from(move |t: String| {
            problem.set(None);
            definition.set(Some(t));
        })
    };
    let blocked = input_problem.is_some()
        || name_problem.is_some()
        || seed_value.is_err()
        || definition_problem.is_some();
    let on_start = {
        let (name, input, new_tab, problem, cb) =
            (name.clone(), input.clone(), new_tab.clone(), problem.clone(), props.on_start.clone());
        let seed = seed_value.clone().ok().flatten();
        let definition = (*definition).clone();
        let (mock_test_case, mock_config) = match (&*test_case, &props.execution_mocks) {
            (MockChoice::Case(c), _) => (Some(c.clone()), None),
            (MockChoice::Execution, Some(m)) => (Some(m.test_case.clone()), Some(m.config.clone())),
            _ => (None, None),
        };
        let qualifier = (*qualifier).clone();
        Callback::from(move |_: MouseEvent| {
            if blocked {
                return;
            }
            let problem = problem.clone();
            let text = if input.trim().is_empty() { "{}".to_owned() } else { (*input).clone() };
            cb.emit((
                StartRequest {
                    name: (*name).clone(),
                    input: text,
                    new_tab: *new_tab,
                    seed,
                    definition: definition.clone(),
                    mock_test_case: mock_test_case.clone(),
                    mock_config: mock_config.clone(),
                    qualifier: qualifier.clone(),
                },
                Callback::from(move |e: String| problem.set(Some(e))),
            ));
        })
    };
    html! {
        <Modal title="Start execution" wide=true on_close={props.on_cancel.clone()}
            footer={html! { <>
                <label class="checkbox start-new-tab">
                    <input type="checkbox" id="start-new-tab" checked={*new_tab} onchange={on_new_tab} />
                    { "Open in a new browser tab" }
                </label>
                <button class="button" onclick={props.on_cancel.reform(|_: MouseEvent| ())}>{ "Cancel" }</button>
                <button class="button primary" id="start-execution-confirm" disabled={blocked} onclick={on_start}>{ "Start execution" }</button>
            </> }}>
            if let Some(state) = &props.from_state {
                <p class="flash flash-info" id="rerun-note">{ format!("The new execution starts at the state {state}, with the definition this execution ran.") }</p>
            }
            if !props.qualifiers.is_empty() {
                <label for="execution-qualifier">{ "Version or alias" }</label>
                <select id="execution-qualifier" onchange={on_qualifier}>
                    <option value="" selected={qualifier.is_none()}>{ "None: the latest revision of the state machine" }</option>
                    { for props.qualifiers.iter().map(|(q, label)| html! {
                        <option value={q.clone()} selected={qualifier.as_deref() == Some(q.as_str())}>{ label }</option>
                    }) }
                </select>
            }
            <label for="execution-name">{ "Name" }</label>
            <input id="execution-name" type="text" value={(*name).clone()} oninput={on_name}
                aria-invalid={name_problem.is_some().to_string()} aria-describedby="execution-name-rule" />
            <p id="execution-name-rule" class={classes!("hint", name_problem.is_some().then_some("field-error"))}>{ steplab_runner::names::EXECUTION_NAME_RULE }</p>
            <div class="panel-header">
                <label for="execution-input">{ "Input - optional" }</label>
                <div class="actions">
                    <button class="button" onclick={on_import_click}>{ "Import" }</button>
                    <input ref={file_input} type="file" accept=".json,application/json" class="hidden-file" id="execution-input-file" aria-label="Import input file" onchange={on_import} />
                    <button class="button" onclick={on_export}>{ "Export" }</button>
                    <button class="button" onclick={on_format}>{ "Format JSON" }</button>
                </div>
            </div>
            <p class="hint">{ "Enter input values for this execution in JSON format" }</p>
            <CodeEditor id={Some(AttrValue::from("execution-input"))} label="Input - optional" value={(*input).clone()} on_change={on_input} rows={10} />
            <p class="hint input-size">{ format!("{} of {} bytes", input.len(), steplab_asl::MAX_PAYLOAD_BYTES) }</p>
            if let Some(p) = &input_problem { <p class="field-error" role="alert">{ p }</p> }
            if let Some(d) = &*definition {
                <label for="rerun-definition">{ "Definition of the re-run (StepLab)" }</label>
                <CodeEditor id={Some(AttrValue::from("rerun-definition"))} label="Definition of the re-run" value={d.clone()} on_change={on_definition} rows={12} />
                if let Some(p) = &definition_problem { <p class="field-error" role="alert">{ p }</p> }
            }
            if !props.mock_test_cases.is_empty() || props.execution_mocks.is_some() {
                <label for="mock-test-case">{ "Mock test case (StepLab)" }</label>
                <select id="mock-test-case" onchange={on_test_case}>
                    <option value="" selected={*test_case == MockChoice::None}>{ "None: default responses of the AWS integrations" }</option>
                    if let Some(m) = &props.execution_mocks {
                        <option value="execution" selected={*test_case == MockChoice::Execution}>{ format!("{} (the mocks execution {} ran with)", m.test_case, m.execution) }</option>
                    }
                    { for props.mock_test_cases.iter().enumerate().map(|(i, c)| html! {
                        <option value={format!("case-{i}")} selected={*test_case == MockChoice::Case(c.clone())}>{ c }</option>
                    }) }
                </select>
                <p class="hint">{ "Tasks on the states this test case of the state machine's mocks covers get their mocked responses instead of running." }</p>
            }
            <details class="steplab-extra" open={props.initial_seed.is_some()}>
                <summary>{ "Replay (StepLab)" }</summary>
                <label for="execution-seed">{ "Seed - optional" }</label>
                <input id="execution-seed" type="text" inputmode="numeric" value={(*seed).clone()} oninput={on_seed} />
                <p class={classes!("hint", seed_value.is_err().then_some("field-error"))}>{ match &seed_value { Err(e) => e.clone(), Ok(_) => "Every random choice of the run ($uuid, $random, States.UUID, States.MathRandom, retry jitter, request ids) comes from this seed: the same seed makes the same choices. Empty: a random seed.".into() } }</p>
            </details>
            if let Some(p) = &*problem { <p class="field-error" role="alert" id="start-execution-problem">{ p }</p> }
        </Modal>
    }
}
