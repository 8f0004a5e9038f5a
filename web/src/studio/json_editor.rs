//! Code mode's editor: a text area over a highlighted copy of its text ([`crate::studio::highlight`]),
//! with line numbers and the diagnostics underlined at their span. Every edit is passed up at once.

use std::ops::Range;

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

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
    let on_scroll = {
        let (overlay, gutter) = (overlay.clone(), gutter.clone());
        Callback::from(move |e: Event| {
            let area = e.target_unchecked_into::<HtmlTextAreaElement>();
            if let Some(o) = overlay.cast::<web_sys::Element>() {
                o.set_scroll_top(area.scroll_top());
                o.set_scroll_left(area.scroll_left());
            }
            if let Some(g) = gutter.cast::<web_sys::Element>() {
                g.set_scroll_top(area.scroll_top());
            }
        })
    };
    // Tab indents (two spaces, as the formatted definition) instead of leaving the editor
    let on_keydown = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() != "Tab" || e.shift_key() {
                return;
            }
            e.prevent_default();
            let area = e.target_unchecked_into::<HtmlTextAreaElement>();
            let value = area.value();
            let units: Vec<u16> = value.encode_utf16().collect();
            let start =
                (area.selection_start().ok().flatten().unwrap_or(0) as usize).min(units.len());
            let end = (area.selection_end().ok().flatten().unwrap_or(0) as usize)
                .min(units.len())
                .max(start);
            let next = String::from_utf16_lossy(&units[..start])
                + "  "
                + &String::from_utf16_lossy(&units[end..]);
            area.set_value(&next);
            let caret = u32::try_from(start + 2).unwrap_or(u32::MAX);
            let _ = area.set_selection_range(caret, caret);
            on_change.emit(next);
        })
    };
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
