//! The Import execution dialog of a state machine's page: the AWS CLI's JSON of
//! `get-execution-history`, `describe-execution` and `describe-state-machine(-for-execution)`,
//! pasted or opened; the execution opens in its page, or the dialog says what is wrong and where,
//! and nothing is kept.

use steplab_asl::import::ImportProblem;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::code_editor::CodeEditor;
use crate::components::modal::Modal;
use crate::execution::import::{ImportTexts, Refused, import};
use crate::route::Route;
use crate::store::{Action, WorkspaceContext};

#[derive(Properties, PartialEq)]
pub struct ImportDialogProps {
    pub state_machine: AttrValue,
    pub on_close: Callback<()>,
}

#[component]
pub fn ImportDialog(props: &ImportDialogProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let navigator = use_navigator();
    let texts = use_state(ImportTexts::default);
    let name = use_state(String::new);
    let refused = use_state(|| None::<Refused>);
    let set = |field: fn(&mut ImportTexts) -> &mut String| {
        let texts = texts.clone();
        Callback::from(move |text: String| {
            let mut t = (*texts).clone();
            *field(&mut t) = text;
            texts.set(t);
        })
    };
    let on_import = {
        let (texts, name, refused) = (texts.clone(), name.clone(), refused.clone());
        let (sm, close) = (props.state_machine.to_string(), props.on_close.clone());
        Callback::from(move |_: MouseEvent| {
            let now = crate::driver::now_millis();
            match import(&workspace, &sm, &texts, Some(name.as_str()), now) {
                Ok(record) => {
                    let to =
                        Route::Execution { state_machine: sm.clone(), name: record.name.clone() };
                    workspace.dispatch(Action::PutExecution(record));
                    close.emit(());
                    if let Some(n) = &navigator {
                        n.push(&to);
                    }
                }
                Err(r) => refused.set(Some(r)),
            }
        })
    };
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| name.set(crate::pages::input_value(&e)))
    };
    let footer = html! { <>
        <button class="button" onclick={{ let c = props.on_close.clone(); Callback::from(move |_| c.emit(())) }}>{ "Cancel" }</button>
        <button class="button primary" id="import-execution-confirm" onclick={on_import}>{ "Import" }</button>
    </> };
    html! {
        <Modal title="Import execution" on_close={props.on_close.clone()} {footer} wide=true>
            <p class="hint">{ "Paste or open the JSON that the AWS CLI prints (or an SDK returns) for an execution of this state machine. StepLab shows it as it happened, offline, and can re-run it from any state. Nothing is sent anywhere." }</p>
            <DocumentField id="import-history" label="Execution history (required)"
                hint="aws stepfunctions get-execution-history --execution-arn ARN" value={texts.history.clone()} on_change={set(|t| &mut t.history)} />
            <DocumentField id="import-execution" label="Execution (optional)"
                hint="aws stepfunctions describe-execution --execution-arn ARN" value={texts.execution.clone()} on_change={set(|t| &mut t.execution)} />
            <DocumentField id="import-definition" label="Definition (optional: this state machine's own otherwise)"
                hint="aws stepfunctions describe-state-machine-for-execution --execution-arn ARN (or describe-state-machine, or the ASL definition)"
                value={texts.definition.clone()} on_change={set(|t| &mut t.definition)} />
            <label for="import-name">{ "Execution name (optional: describe-execution's name, or one from the start time)" }</label>
            <input type="text" id="import-name" value={(*name).clone()} oninput={on_name} />
            { refused.as_ref().map(view_refused).unwrap_or_default() }
        </Modal>
    }
}

fn view_refused(refused: &Refused) -> Html {
    match refused {
        Refused::Name(message) => html! {
            <div class="flash flash-error" role="alert" id="import-problems"><p>{ message }</p></div>
        },
        Refused::Problems(problems) => html! {
            <div class="flash flash-error" role="alert" id="import-problems">
                <p>{ "The execution was not imported; nothing was kept:" }</p>
                <ul>{ for problems.iter().map(|p| html! { <li data-kind={p.kind.as_str()}>{ describe(p) }</li> }) }</ul>
            </div>
        },
    }
}

/// `Execution history, line 3, column 43: …`
pub fn describe(p: &ImportProblem) -> String {
    let document = match p.document {
        steplab_asl::import::Document::History => "Execution history",
        steplab_asl::import::Document::Execution => "Execution",
        steplab_asl::import::Document::Definition => "Definition",
    };
    format!("{document}, line {}, column {}: {}", p.line, p.column, p.message)
}

#[derive(Properties, PartialEq)]
struct DocumentFieldProps {
    id: AttrValue,
    label: AttrValue,
    hint: AttrValue,
    value: String,
    on_change: Callback<String>,
}

/// One document: an editor to paste it in and a button to open it from a file.
#[component]
fn DocumentField(props: &DocumentFieldProps) -> Html {
    let file_input = use_node_ref();
    let problem = use_state(|| None::<String>);
    let on_open = {
        let file_input = file_input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = file_input.cast::<web_sys::HtmlInputElement>() {
                el.click();
            }
        })
    };
    let on_file = {
        let (on_change, problem) = (props.on_change.clone(), problem.clone());
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            let (on_change, problem) = (on_change.clone(), problem.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match crate::execution::files::read_chosen(&el).await {
                    Ok((_, text)) => {
                        problem.set(None);
                        on_change.emit(text);
                    }
                    Err(e) => problem.set(Some(e)),
                }
                el.set_value("");
            });
        })
    };
    html! {
        <div class="import-document">
            <div class="field-header">
                <label for={props.id.clone()}>{ &props.label }</label>
                <button class="button" id={format!("{}-open", props.id)} onclick={on_open}>{ "Open file…" }</button>
                <input type="file" accept=".json,application/json" hidden=true ref={file_input}
                    id={format!("{}-file", props.id)} onchange={on_file} />
            </div>
            <p class="hint"><code>{ &props.hint }</code></p>
            <CodeEditor id={Some(props.id.clone())} label={props.label.clone()} value={AttrValue::from(props.value.clone())}
                on_change={props.on_change.clone()} rows={8} />
            if let Some(p) = &*problem { <div class="flash flash-error" role="alert">{ p }</div> }
        </div>
    }
}
