//! Code mode's editor: [`crate::components::editor::Editor`] on the definition's JSON, with the
//! validator's diagnostics marked at their span and listed in the lint gutter.

use yew::prelude::*;

use crate::components::editor::{Completer, Editor, Helper, Language, Mark};

#[derive(Properties, PartialEq)]
pub struct JsonEditorProps {
    pub id: AttrValue,
    /// The accessible name.
    pub label: AttrValue,
    pub value: AttrValue,
    pub on_change: Callback<String>,
    /// The problems to mark (byte spans).
    #[prop_or_default]
    pub marks: Vec<Mark>,
    #[prop_or_default]
    pub readonly: bool,
    #[prop_or_default]
    pub language: Language,
    #[prop_or(28)]
    pub rows: u32,
    #[prop_or_default]
    pub completer: Option<Completer>,
    #[prop_or_default]
    pub helper: Option<Helper>,
    #[prop_or_default]
    pub max_length: Option<u32>,
    #[prop_or_default]
    pub on_refused: Option<Callback<u32>>,
}

#[component]
pub fn JsonEditor(props: &JsonEditorProps) -> Html {
    html! {
        <Editor id={props.id.clone()} label={props.label.clone()} value={props.value.clone()}
            on_change={props.on_change.clone()} marks={props.marks.clone()} readonly={props.readonly}
            language={props.language} rows={props.rows} class="json-editor"
            completer={props.completer.clone()} helper={props.helper.clone()} max_length={props.max_length} on_refused={props.on_refused.clone()} />
    }
}
