//! The Share action of a state machine: makes the permalink, shows it and copies it.

use yew::prelude::*;

use crate::components::modal::Modal;
use crate::share::codec::{self, PREFIX};
use crate::store::WorkspaceContext;

/// The page's address without its fragment (works from any path the site is served from).
fn base_address() -> String {
    let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_owned()
}

/// Puts `text` on the clipboard (`navigator.clipboard.writeText`); `false` when the browser has none.
pub fn copy_to_clipboard(text: &str) -> bool {
    use wasm_bindgen::JsCast as _;
    let Some(window) = web_sys::window() else { return false };
    let get = |target: &wasm_bindgen::JsValue, key: &str| {
        js_sys::Reflect::get(target, &key.into()).ok().filter(|v| !v.is_undefined())
    };
    let Some(clipboard) = get(&window, "navigator").and_then(|n| get(&n, "clipboard")) else {
        return false;
    };
    let Some(write) =
        get(&clipboard, "writeText").and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return false;
    };
    // the promise is left alone: a refusal (no permission) leaves the link on screen to copy
    write.call1(&clipboard, &text.into()).is_ok()
}

#[derive(Properties, PartialEq)]
pub struct ShareButtonProps {
    /// The state machine.
    pub name: AttrValue,
}

/// "Share" and its dialog with the link.
#[component]
pub fn ShareButton(props: &ShareButtonProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let link = use_state(|| None::<Result<(String, String), String>>);
    let copied = use_state(|| false);
    let open = {
        let (workspace, link, copied, name) =
            (workspace.clone(), link.clone(), copied.clone(), props.name.clone());
        Callback::from(move |_: MouseEvent| {
            copied.set(false);
            let input = crate::share::page::shared_input(&name);
            let outcome = match crate::share::plan::slice(&workspace, &name, input) {
                None => Err(format!("State machine {name} does not exist.")),
                Some(mut shared) => {
                    // resources too large for a link stay behind (the rest still travels)
                    let mut left_out = None;
                    if shared.resources.is_some() && codec::encode(&shared).is_err() {
                        left_out = shared.resources.take().map(|r| r.resource_names().join(", "));
                    }
                    codec::encode(&shared)
                    .map(|payload| {
                        let functions: Vec<&str> = shared
                            .functions
                            .iter()
                            .map(|f| f.config.function_name.as_str())
                            .collect();
                        let summary = format!(
                            "The state machine {} ({} definition{}){}{}{}.",
                            shared.state_machine.name,
                            shared.state_machine.kind.to_lowercase(),
                            if shared.state_machine.config.mocks.trim().is_empty() {
                                ""
                            } else {
                                ", with its mocks"
                            },
                            if functions.is_empty() {
                                String::new()
                            } else {
                                format!(
                                    ", the function{} {} (deployed code and configuration)",
                                    if functions.len() == 1 { "" } else { "s" },
                                    functions.join(", ")
                                )
                            },
                            match &shared.resources {
                                Some(r) => format!(
                                    ", the AWS resources it names ({})",
                                    r.resource_names().join(", ")
                                ),
                                None => String::new(),
                            },
                            if shared.input.is_some() {
                                " and the last execution's input"
                            } else {
                                ""
                            },
                        );
                        let summary = match &left_out {
                            Some(names) => format!("{summary} The AWS resources it names ({names}) do not fit in a link and are left out: use Export workspace to carry them."),
                            None => summary,
                        };
                        (format!("{}{PREFIX}{payload}", base_address()), summary)
                    })
                    .map_err(|e| format!("{e} Use Export workspace instead."))
                }
            };
            link.set(Some(outcome));
        })
    };
    let close = {
        let link = link.clone();
        Callback::from(move |()| link.set(None))
    };
    let copy = {
        let (link, copied) = (link.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(Ok((address, _))) = &*link {
                copied.set(copy_to_clipboard(address));
            }
        })
    };
    html! {
        <>
            <button class="button" id="share" onclick={open}>{ "Share" }</button>
            if let Some(outcome) = &*link {
                <Modal title="Share state machine" on_close={close.clone()} wide=true footer={html! {
                    <>
                        <button class="button" onclick={close.reform(|_: MouseEvent| ())}>{ "Close" }</button>
                        if outcome.is_ok() {
                            <button class="button primary" onclick={copy}>{ "Copy link" }</button>
                        }
                    </>
                }}>
                    { match outcome {
                        Ok((address, summary)) => html! {
                            <>
                                <p>{ "Anyone who opens this link gets, in their own StepLab: " }{ summary }</p>
                                <p class="hint">{ format!("Everything travels in the link itself ({} characters); nothing is uploaded.", address.len()) }</p>
                                <label class="field">
                                    <span>{ "Link" }</span>
                                    <input id="share-link" type="text" readonly=true value={address.clone()} aria-label="Link" />
                                </label>
                                if *copied { <p class="hint" role="status">{ "Link copied." }</p> }
                            </>
                        },
                        Err(e) => html! { <div class="flash flash-error" role="alert">{ e }</div> },
                    } }
                </Modal>
            }
        </>
    }
}
