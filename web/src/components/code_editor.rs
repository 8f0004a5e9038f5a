//! A code editor for the console's smaller texts (an execution input, a test event, a mock
//! configuration, YAML): [`crate::components::editor::Editor`] with the props those pages give.

use yew::prelude::*;

use crate::components::editor::{Editor, Language};

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
    #[prop_or_default]
    pub language: Language,
    #[prop_or_default]
    pub max_length: Option<u32>,
    #[prop_or_default]
    pub on_refused: Option<Callback<u32>>,
}

#[component]
pub fn CodeEditor(props: &CodeEditorProps) -> Html {
    html! {
        <Editor id={props.id.clone().unwrap_or_default()} label={props.label.clone()} value={props.value.clone()}
            on_change={props.on_change.clone()} rows={props.rows} readonly={props.readonly}
            line_numbers={props.line_numbers} language={props.language} max_length={props.max_length} on_refused={props.on_refused.clone()} />
    }
}
