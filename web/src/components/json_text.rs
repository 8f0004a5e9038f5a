//! JSON shown as the console shows an execution's input and output: pretty-printed, and, when
//! long (a Map's 6,000 items print as some 30,000 lines), rendered a window of lines at a time as
//! the reader scrolls, so that the page never lays out text nobody sees.

use yew::prelude::*;

use crate::execution::state_panel::pretty;

/// Up to this many lines, the whole text is rendered.
const WHOLE_UP_TO: usize = 400;
/// The height of a line in pixels (the style sets it for the windowed text).
const LINE_PX: usize = 18;
/// How many lines the windowed view shows at once, and how many more it renders around them.
const WINDOW_LINES: usize = 30;
const MARGIN_LINES: usize = 40;

#[derive(Properties, PartialEq)]
pub struct JsonTextProps {
    pub id: AttrValue,
    /// JSON text (shown as it is when it is not JSON).
    pub text: AttrValue,
}

#[component]
pub fn JsonText(props: &JsonTextProps) -> Html {
    let lines = use_memo(props.text.clone(), |text| {
        let pretty = pretty(text);
        let starts: Vec<usize> =
            std::iter::once(0).chain(pretty.match_indices('\n').map(|(i, _)| i + 1)).collect();
        (pretty, starts)
    });
    let first = use_state(|| 0usize);
    let (text, starts) = &*lines;
    let count = starts.len();
    if count <= WHOLE_UP_TO {
        return html! { <pre class="json" id={props.id.clone()}>{ text.clone() }</pre> };
    }
    let onscroll = {
        let first = first.clone();
        Callback::from(move |e: Event| {
            let top = e.target_unchecked_into::<web_sys::Element>().scroll_top();
            let line = usize::try_from(top).unwrap_or(0) / LINE_PX;
            let start = line.saturating_sub(MARGIN_LINES);
            // rendered again only when the window has moved by a good part of its margin
            if start.abs_diff(*first) >= MARGIN_LINES / 2 {
                first.set(start);
            }
        })
    };
    let from = (*first).min(count - 1);
    let to = (from + WINDOW_LINES + 2 * MARGIN_LINES).min(count);
    let slice_end = starts.get(to).map_or(text.len(), |&e| e.saturating_sub(1));
    let window = &text[starts[from]..slice_end.max(starts[from])];
    html! {
        <div class="json-window" style={format!("height: {}px", WINDOW_LINES * LINE_PX)} {onscroll}
            data-lines={count.to_string()}>
            <div style={format!("height: {}px; position: relative", count * LINE_PX)}>
                <pre class="json json-lines" id={props.id.clone()}
                    style={format!("top: {}px; line-height: {LINE_PX}px", from * LINE_PX)}>{ window.to_owned() }</pre>
            </div>
        </div>
    }
}
