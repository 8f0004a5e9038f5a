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
    html! {
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
        />
    }
}
