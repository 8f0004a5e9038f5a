//! The code editor every text the console edits goes through: CodeMirror 6, bundled as
//! `steplab-editor.js` (`web/editor/`, loaded before the app), with the language's highlighting,
//! bracket matching, folding, search and replace, undo history, the problems the app finds marked
//! in the text and in a lint gutter, and completion from the app. Every edit is passed up at once
//! (no edit is lost); a value the app sets replaces the text without being passed back. Where the
//! editor's script is missing, a plain text area stands in, so the text can always be edited.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// What `StepLabEditor.create` returns (see `web/editor/src/editor.js`).
    type EditorHandle;

    #[wasm_bindgen(catch, js_namespace = StepLabEditor, js_name = create)]
    fn create_editor(parent: &web_sys::Element, options: &JsValue)
    -> Result<EditorHandle, JsValue>;

    #[wasm_bindgen(method, js_name = setValue)]
    fn set_value(this: &EditorHandle, text: &str);

    #[wasm_bindgen(method, js_name = setLanguage)]
    fn set_language(this: &EditorHandle, name: &str);

    #[wasm_bindgen(method, js_name = setReadOnly)]
    fn set_read_only(this: &EditorHandle, on: bool);

    #[wasm_bindgen(method, js_name = setDiagnostics)]
    fn set_diagnostics(this: &EditorHandle, list: &JsValue);

    #[wasm_bindgen(method, js_name = setOnChange)]
    fn set_on_change(this: &EditorHandle, f: &js_sys::Function);

    #[wasm_bindgen(method, js_name = setCompletion)]
    fn set_completion(this: &EditorHandle, f: &JsValue, when: Option<String>);

    #[wasm_bindgen(method, js_name = setHover)]
    fn set_hover(this: &EditorHandle, f: &JsValue);

    #[wasm_bindgen(method)]
    fn select(this: &EditorHandle, from: u32, to: u32);

    #[wasm_bindgen(method)]
    fn destroy(this: &EditorHandle);
}

/// The language a text is edited as.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Language {
    #[default]
    Json,
    Yaml,
    Python,
    JavaScript,
    /// Plain text (a file of another kind).
    Text,
}

impl Language {
    /// The language of a file, by its name.
    pub fn of_file(path: &str) -> Language {
        match path.rsplit_once('.').map(|(_, x)| x) {
            Some("py") => Language::Python,
            Some("js" | "mjs" | "cjs") => Language::JavaScript,
            Some("json") => Language::Json,
            Some("yaml" | "yml") => Language::Yaml,
            _ => Language::Text,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Language::Json => "json",
            Language::Yaml => "yaml",
            Language::Python => "python",
            Language::JavaScript => "javascript",
            Language::Text => "text",
        }
    }
}

/// A problem to mark in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    /// UTF-8 byte range in the text.
    pub span: std::ops::Range<usize>,
    /// `error`, `warning` or `info`.
    pub severity: &'static str,
    pub message: String,
}

/// A completion the editor may offer: `(label, kind, detail)`.
pub type Completion = (String, &'static str, String);

/// Completes the word at a UTF-8 byte offset of the text.
pub type CompleteFn = dyn Fn(&str, usize) -> Vec<Completion>;

/// What completes the word at a UTF-8 byte offset of the text, and where: a JavaScript regular
/// expression the line before the cursor must match for the editor to ask while typing (none:
/// everywhere; asking for completion with Ctrl+Space always asks).
#[derive(Clone)]
pub struct Completer(pub Rc<CompleteFn>, pub Option<&'static str>);

impl PartialEq for Completer {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Help for what is at a UTF-8 byte offset of the text.
pub type HelpFn = dyn Fn(&str, usize) -> Option<String>;

/// What gives help for what is at a UTF-8 byte offset of the text.
#[derive(Clone)]
pub struct Helper(pub Rc<HelpFn>);

impl PartialEq for Helper {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The id of the editable element (tests and labels find it by it).
    pub id: AttrValue,
    /// The accessible name.
    pub label: AttrValue,
    pub value: AttrValue,
    pub on_change: Callback<String>,
    #[prop_or_default]
    pub language: Language,
    #[prop_or_default]
    pub readonly: bool,
    /// Line numbers and fold markers in the gutter.
    #[prop_or(true)]
    pub line_numbers: bool,
    /// The height, in lines.
    #[prop_or(20)]
    pub rows: u32,
    #[prop_or_default]
    pub marks: Vec<Mark>,
    #[prop_or_default]
    pub completer: Option<Completer>,
    #[prop_or_default]
    pub helper: Option<Helper>,
    /// A class for the editor's box.
    #[prop_or_default]
    pub class: Classes,
    /// The longest text the editor takes, in UTF-16 code units: a change past it (a huge paste)
    /// is refused whole, the text kept as it was, and `on_refused` told the length it would have.
    #[prop_or_default]
    pub max_length: Option<u32>,
    #[prop_or_default]
    pub on_refused: Option<Callback<u32>>,
}

/// Whether the editor's script is there.
fn available() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("StepLabEditor"))
        .is_ok_and(|v| v.is_object())
}

/// Selects `range` (UTF-8 bytes of `text`, the editor's text) in the editor whose editable
/// element is `id`, scrolled into view and focused (or in the text area standing in for it).
pub fn select(id: &str, text: &str, range: std::ops::Range<usize>) {
    let Some(element) =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id))
    else {
        return;
    };
    let from = u32::try_from(utf16_offset(text, range.start)).unwrap_or(u32::MAX);
    let to = u32::try_from(utf16_offset(text, range.end)).unwrap_or(u32::MAX);
    if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
        let _ = area.focus();
        let _ = area.set_selection_range(from, to);
        return;
    }
    let host = element.closest(".cm-host").ok().flatten();
    let handle =
        host.and_then(|h| js_sys::Reflect::get(&h, &JsValue::from_str("steplabEditor")).ok());
    if let Some(handle) = handle.filter(JsValue::is_object) {
        handle.unchecked_into::<EditorHandle>().select(from, to);
    }
}

/// `offset` (UTF-8 bytes in `text`) in UTF-16 code units, as the editor counts.
pub fn utf16_offset(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    text[..at].encode_utf16().count()
}

/// `offset` (UTF-16 code units in `text`) in UTF-8 bytes.
pub fn utf8_offset(text: &str, offset: usize) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= offset {
            return i;
        }
        units += c.len_utf16();
    }
    text.len()
}

fn marks_js(text: &str, marks: &[Mark]) -> JsValue {
    let list: Vec<serde_json::Value> = marks
        .iter()
        .map(|m| {
            serde_json::json!({
                "from": utf16_offset(text, m.span.start),
                "to": utf16_offset(text, m.span.end),
                "severity": m.severity,
                "message": m.message,
            })
        })
        .collect();
    js_sys::JSON::parse(&serde_json::Value::Array(list).to_string()).unwrap_or(JsValue::NULL)
}

fn completion_js(completer: Option<&Completer>) -> JsValue {
    let Some(completer) = completer.cloned() else { return JsValue::NULL };
    let f = Closure::<dyn Fn(String, u32) -> JsValue>::new(move |text: String, at: u32| {
        let at = utf8_offset(&text, at as usize);
        let items: Vec<serde_json::Value> = (completer.0)(&text, at)
            .into_iter()
            .map(|(label, kind, detail)| serde_json::json!({"label": label, "type": kind, "detail": detail}))
            .collect();
        js_sys::JSON::parse(&serde_json::Value::Array(items).to_string()).unwrap_or(JsValue::NULL)
    });
    f.into_js_value()
}

fn helper_js(helper: Option<&Helper>) -> JsValue {
    let Some(helper) = helper.cloned() else { return JsValue::NULL };
    let f = Closure::<dyn Fn(String, u32) -> JsValue>::new(move |text: String, at: u32| {
        let at = utf8_offset(&text, at as usize);
        (helper.0)(&text, at).map_or(JsValue::NULL, |h| JsValue::from_str(&h))
    });
    f.into_js_value()
}

#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let host = use_node_ref();
    let handle: Rc<RefCell<Option<EditorHandle>>> = use_mut_ref(|| None);
    // the text last passed up, so that the value coming back is not set again
    let emitted: Rc<RefCell<Option<AttrValue>>> = use_mut_ref(|| None);
    let on_change = use_mut_ref(|| props.on_change.clone());
    on_change.borrow_mut().clone_from(&props.on_change);
    let ready = available();
    {
        let (host, handle, emitted, on_change) =
            (host.clone(), handle.clone(), emitted.clone(), on_change.clone());
        let options = (
            props.id.clone(),
            props.label.clone(),
            props.language,
            props.line_numbers,
            props.value.clone(),
            props.readonly,
            (props.max_length, props.on_refused.clone()),
        );
        // made again for another id (the same place showing another file)
        use_effect_with((ready, props.id.clone()), move |(ready, _)| {
            if *ready && let Some(parent) = host.cast::<web_sys::Element>() {
                let (id, label, language, line_numbers, value, readonly, (max_length, refused)) =
                    options;
                let changed = Closure::<dyn Fn(String)>::new(move |text: String| {
                    *emitted.borrow_mut() = Some(AttrValue::from(text.as_str()));
                    let callback = on_change.borrow().clone();
                    callback.emit(text);
                });
                let options = js_sys::Object::new();
                let set = |k: &str, v: JsValue| {
                    let _ = js_sys::Reflect::set(&options, &JsValue::from_str(k), &v);
                };
                set("id", JsValue::from_str(&id));
                set("label", JsValue::from_str(&label));
                set("language", JsValue::from_str(language.as_str()));
                set("lineNumbers", JsValue::from_bool(line_numbers));
                set("value", JsValue::from_str(&value));
                set("readOnly", JsValue::from_bool(readonly));
                set("onChange", changed.into_js_value());
                if let Some(max) = max_length {
                    set("maxLength", JsValue::from(max));
                }
                if let Some(refused) = refused {
                    let f = Closure::<dyn Fn(u32)>::new(move |length: u32| refused.emit(length));
                    set("onRefused", f.into_js_value());
                }
                if let Ok(editor) = create_editor(&parent, &options) {
                    *handle.borrow_mut() = Some(editor);
                }
            }
            let handle = handle.clone();
            move || {
                if let Some(editor) = handle.borrow_mut().take() {
                    editor.destroy();
                }
            }
        });
    }
    {
        let (handle, emitted) = (handle.clone(), emitted.clone());
        use_effect_with(props.value.clone(), move |value| {
            let known = emitted.borrow().as_ref().is_some_and(|e| e == value);
            if !known && let Some(editor) = handle.borrow().as_ref() {
                editor.set_value(value);
            }
        });
    }
    {
        let handle = handle.clone();
        use_effect_with(props.language, move |language| {
            if let Some(editor) = handle.borrow().as_ref() {
                editor.set_language(language.as_str());
            }
        });
    }
    {
        let handle = handle.clone();
        use_effect_with(props.readonly, move |readonly| {
            if let Some(editor) = handle.borrow().as_ref() {
                editor.set_read_only(*readonly);
            }
        });
    }
    {
        let handle = handle.clone();
        let value = props.value.clone();
        use_effect_with(props.marks.clone(), move |marks| {
            if let Some(editor) = handle.borrow().as_ref() {
                editor.set_diagnostics(&marks_js(&value, marks));
            }
        });
    }
    {
        let handle = handle.clone();
        use_effect_with(props.completer.clone(), move |completer| {
            if let Some(editor) = handle.borrow().as_ref() {
                let when = completer.as_ref().and_then(|c| c.1).map(str::to_owned);
                editor.set_completion(&completion_js(completer.as_ref()), when);
            }
        });
    }
    {
        let handle = handle.clone();
        use_effect_with(props.helper.clone(), move |helper| {
            if let Some(editor) = handle.borrow().as_ref() {
                editor.set_hover(&helper_js(helper.as_ref()));
            }
        });
    }
    let style = format!("--editor-rows: {}", props.rows);
    if !ready {
        let on_input = props
            .on_change
            .reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
        return html! {
            <textarea class={classes!("code-editor", props.class.clone())} id={props.id.clone()}
                aria-label={props.label.clone()} spellcheck="false" rows={props.rows.to_string()}
                readonly={props.readonly} value={props.value.clone()} oninput={on_input} />
        };
    }
    html! {
        <div class={classes!("cm-host", props.class.clone())} {style} ref={host} data-editor-for={props.id.clone()} />
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn offsets_convert_between_utf8_and_utf16() {
        let text = "a€😀b";
        assert_eq!(super::utf16_offset(text, 0), 0);
        assert_eq!(super::utf16_offset(text, 1), 1);
        assert_eq!(super::utf16_offset(text, 4), 2);
        assert_eq!(super::utf16_offset(text, 8), 4);
        assert_eq!(super::utf16_offset(text, 5), 2, "inside a character: its start");
        assert_eq!(super::utf8_offset(text, 2), 4);
        assert_eq!(super::utf8_offset(text, 4), 8);
        assert_eq!(super::utf8_offset(text, 99), text.len());
    }
}
