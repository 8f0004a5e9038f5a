//! A dialog over the page, as the console shows them (title, body, footer buttons).

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ModalProps {
    pub title: AttrValue,
    pub on_close: Callback<()>,
    #[prop_or_default]
    pub footer: Html,
    #[prop_or_default]
    pub children: Html,
    #[prop_or_default]
    pub wide: bool,
}

#[component]
pub fn Modal(props: &ModalProps) -> Html {
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <div class="modal-backdrop">
            <div class={classes!("modal", props.wide.then_some("modal-wide"))} role="dialog" aria-modal="true" aria-label={props.title.clone()}>
                <div class="modal-header">
                    <h2>{ props.title.clone() }</h2>
                    <button class="icon-button" aria-label="Close" onclick={close}>{ "×" }</button>
                </div>
                <div class="modal-body">{ props.children.clone() }</div>
                <div class="modal-footer">{ props.footer.clone() }</div>
            </div>
        </div>
    }
}
