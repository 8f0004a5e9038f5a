//! Code mode's editor: a text area over a highlighted copy of its text ([`crate::studio::highlight`]),
//! with line numbers and the diagnostics underlined at their span. Every edit is passed up at once.

use std::ops::Range;

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::components::text_area;

use crate::studio::highlight::pieces;

/// Past this size the text is shown without colours (typing stays quick).
const HIGHLIGHT_LIMIT: usize = 400_000;

#[derive(Properties, PartialEq)]
pub struct JsonEditorProps {
    pub id: AttrValue,
    /// The accessible name.
    pub label: AttrValue,
    pub value: AttrValue,
    pub on_change: Callback<String>,
    /// Byte spans to underline, with `error` or `warning`.
    #[prop_or_default]
    pub marks: Vec<(Range<usize>, &'static str)>,
    #[prop_or_default]
    pub readonly: bool,
}

#[component]
pub fn JsonEditor(props: &JsonEditorProps) -> Html {
    let overlay = use_node_ref();
    let gutter = use_node_ref();
    let on_input = props
        .on_change
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
    let on_scroll = text_area::scroll_with(overlay.clone(), gutter.clone());
    // Tab indents (two spaces, as the formatted definition) instead of leaving the editor
    let on_keydown = text_area::tab_indents("  ", props.on_change.clone());
    let text = props.value.as_str();
    let lines = text.matches('\n').count() + 1;
    let highlighted = if text.len() > HIGHLIGHT_LIMIT {
        html! { { text } }
    } else {
        html! { { for pieces(text, &props.marks).into_iter().map(|p| {
            let t = &text[p.range.clone()];
            if p.class.is_empty() && p.mark.is_none() {
                html! { { t } }
            } else {
                html! { <span class={classes!(p.class, p.mark.map(|m| format!("diag-{m}")))}>{ t }</span> }
            }
        }) } }
    };
    html! {
        <div class="json-editor">
            <div class="json-gutter" ref={gutter} aria-hidden="true">
                { for (1..=lines).map(|n| html! { <div>{ n }</div> }) }
            </div>
            <div class="json-area">
                <pre class="json-highlight" ref={overlay} aria-hidden="true">{ highlighted }{ "\n " }</pre>
                <textarea id={props.id.clone()} class="json-input" aria-label={props.label.clone()} spellcheck="false" wrap="off"
                    readonly={props.readonly} value={props.value.clone()} oninput={on_input} onscroll={on_scroll} onkeydown={on_keydown} />
            </div>
        </div>
    }
}
