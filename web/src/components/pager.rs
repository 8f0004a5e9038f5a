//! Previous / Page n of m / Next, for a list shown a page at a time (long histories, a Map's
//! thousands of state runs).

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PagerProps {
    /// The id of the "Page n of m" text.
    pub id: AttrValue,
    /// The page shown (from 0).
    pub current: usize,
    pub pages: usize,
    pub on_page: Callback<usize>,
}

/// Nothing when everything fits on one page.
#[component]
pub fn Pager(props: &PagerProps) -> Html {
    if props.pages <= 1 {
        return Html::default();
    }
    let (current, pages) = (props.current, props.pages);
    let go = |p: usize| props.on_page.reform(move |_: MouseEvent| p);
    html! {
        <span class="pager" aria-label="Pages">
            <button class="button" disabled={current == 0} onclick={go(current.saturating_sub(1))} aria-label="Previous page">{ "‹" }</button>
            <span id={props.id.clone()}>{ format!("Page {} of {pages}", current + 1) }</span>
            <button class="button" disabled={current + 1 >= pages} onclick={go(current + 1)} aria-label="Next page">{ "›" }</button>
        </span>
    }
}
