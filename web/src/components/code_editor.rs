//! A code editor: a monospace text area whose every edit is passed up at once (so no edit is lost).

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CodeEditorProps {
    pub value: AttrValue,
    pub on_change: Callback<String>,
    /// The accessible name of the editor.
    pub label: AttrValue,
    #[prop_or(20)]
    pub rows: u32,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    #[prop_or_default]
    pub readonly: bool,
    /// Show line numbers beside the text.
    #[prop_or_default]
    pub line_numbers: bool,
}

#[component]
pub fn CodeEditor(props: &CodeEditorProps) -> Html {
    let on_input = props
        .on_change
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
    // Tab inserts four spaces instead of leaving the editor
    let on_keydown = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Tab" && !e.shift_key() {
                e.prevent_default();
                let area = e.target_unchecked_into::<HtmlTextAreaElement>();
                let value = area.value();
                let start = area.selection_start().ok().flatten().unwrap_or(0) as usize;
                let end = area.selection_end().ok().flatten().unwrap_or(0) as usize;
                let chars: Vec<char> = value.chars().collect();
                let (start, end) = (start.min(chars.len()), end.min(chars.len()));
                let next: String = chars[..start]
                    .iter()
                    .chain("    ".chars().collect::<Vec<_>>().iter())
                    .chain(chars[end..].iter())
                    .collect();
                area.set_value(&next);
                let caret = u32::try_from(start + 4).unwrap_or(u32::MAX);
                let _ = area.set_selection_range(caret, caret);
                on_change.emit(next);
            }
        })
    };
    let gutter = use_node_ref();
    let on_scroll = {
        let gutter = gutter.clone();
        Callback::from(move |e: Event| {
            let area = e.target_unchecked_into::<HtmlTextAreaElement>();
            if let Some(g) = gutter.cast::<web_sys::Element>() {
                g.set_scroll_top(area.scroll_top());
            }
        })
    };
    let editor = html! {
        <textarea
            class="code-editor"
            id={props.id.clone()}
            aria-label={props.label.clone()}
            spellcheck="false"
            rows={props.rows.to_string()}
            readonly={props.readonly}
            value={props.value.clone()}
            oninput={on_input}
            onkeydown={on_keydown}
            onscroll={on_scroll}
        />
    };
    if !props.line_numbers {
        return editor;
    }
    let lines = props.value.matches('\n').count() + 1;
    let numbers: String = (1..=lines).map(|n| format!("{n}\n")).collect();
    html! {
        <div class="code-with-lines">
            <pre class="gutter" aria-hidden="true" ref={gutter}>{ numbers }</pre>
            { editor }
        </div>
    }
}
