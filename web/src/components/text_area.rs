//! What the code editors share: a text area typed into over a highlighted copy of its text and a
//! line-number gutter, which scroll with it, and Tab indenting instead of leaving the editor.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Keeps the highlighted copy (`overlay`) and the line numbers (`gutter`) scrolled with the text
/// area the event comes from.
pub fn scroll_with(overlay: NodeRef, gutter: NodeRef) -> Callback<Event> {
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
}

/// Tab (without Shift) replaces the selection with `indent` and passes the new text up.
pub fn tab_indents(indent: &'static str, on_change: Callback<String>) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| {
        if e.key() != "Tab" || e.shift_key() {
            return;
        }
        e.prevent_default();
        let area = e.target_unchecked_into::<HtmlTextAreaElement>();
        let value = area.value();
        // selection offsets are in UTF-16 code units
        let units: Vec<u16> = value.encode_utf16().collect();
        let start = (area.selection_start().ok().flatten().unwrap_or(0) as usize).min(units.len());
        let end =
            (area.selection_end().ok().flatten().unwrap_or(0) as usize).min(units.len()).max(start);
        let next = String::from_utf16_lossy(&units[..start])
            + indent
            + &String::from_utf16_lossy(&units[end..]);
        area.set_value(&next);
        let caret = u32::try_from(start + indent.len()).unwrap_or(u32::MAX);
        let _ = area.set_selection_range(caret, caret);
        on_change.emit(next);
    })
}
