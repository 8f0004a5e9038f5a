//! The Lambda code editor: a text area over a highlighted copy of its Python
//! ([`crate::pages::function_python`]), with line numbers and the syntax error marked at its line
//! (the line number, the span underlined, the message beside the line). Every edit is passed up
//! at once, so no edit is lost and a bad edit never changes what the user typed.

use steplab_runner::protocol::SyntaxProblem;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::components::text_area;

use crate::pages::function_python::{Span, highlight};

/// Past this size the text is shown without colours (typing stays quick).
const HIGHLIGHT_LIMIT: usize = 200_000;

#[derive(Properties, PartialEq)]
pub struct PythonEditorProps {
    pub id: AttrValue,
    /// The accessible name.
    pub label: AttrValue,
    pub value: AttrValue,
    pub on_change: Callback<String>,
    /// The syntax error to mark, if any.
    #[prop_or_default]
    pub problem: Option<SyntaxProblem>,
}

#[component]
pub fn PythonEditor(props: &PythonEditorProps) -> Html {
    let overlay = use_node_ref();
    let gutter = use_node_ref();
    let on_input = props
        .on_change
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
    let on_scroll = text_area::scroll_with(overlay.clone(), gutter.clone());
    // Tab inserts four spaces (PEP 8 indentation) instead of leaving the editor
    let on_keydown = text_area::tab_indents("    ", props.on_change.clone());
    let text = props.value.as_str();
    let error_line = props.problem.as_ref().map(|p| p.line);
    let span = props.problem.as_ref().map(|p| Span {
        line: p.line,
        column: p.column,
        end_line: p.end_line,
        end_column: p.end_column,
    });
    let lines = if text.len() > HIGHLIGHT_LIMIT { Vec::new() } else { highlight(text, span) };
    let count = text.matches('\n').count() + 1;
    let body = if lines.is_empty() {
        html! { <div class="py-line">{ text }</div> }
    } else {
        html! { { for lines.iter().enumerate().map(|(i, pieces)| {
            let at_error = error_line == Some(i + 1);
            html! {
                <div class={classes!("py-line", at_error.then_some("py-error-line"))}>
                    { for pieces.iter().map(|p| {
                        let t = &text[p.range.clone()];
                        if p.range.is_empty() {
                            html! { <span class="py-error py-error-end">{ " " }</span> }
                        } else if p.class.is_empty() && !p.marked {
                            html! { { t } }
                        } else {
                            html! { <span class={classes!(p.class, p.marked.then_some("py-error"))}>{ t }</span> }
                        }
                    }) }
                    if at_error {
                        if let Some(problem) = &props.problem {
                            <span class="py-error-message">{ format!("  ← SyntaxError: {}", problem.message) }</span>
                        }
                    }
                </div>
            }
        }) } }
    };
    html! {
        <div class={classes!("py-editor", props.problem.is_some().then_some("has-error"))}>
            <div class="py-gutter" ref={gutter} aria-hidden="true">
                { for (1..=count).map(|n| html! {
                    <div class={classes!((error_line == Some(n)).then_some("py-gutter-error"))}>{ n }</div>
                }) }
            </div>
            <div class="py-area">
                <div class="py-highlight" ref={overlay} aria-hidden="true">{ body }<div class="py-line">{ " " }</div></div>
                <textarea id={props.id.clone()} class="py-input" aria-label={props.label.clone()}
                    aria-invalid={props.problem.is_some().to_string()} spellcheck="false" wrap="off"
                    value={props.value.clone()} oninput={on_input} onscroll={on_scroll} onkeydown={on_keydown} />
            </div>
        </div>
    }
}
