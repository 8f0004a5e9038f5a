//! The records that could not be read, as the console lists them: where each was, what is wrong
//! with it, and Export (its text, as stored) or Delete.

use yew::prelude::*;

use crate::storage::changes::Write;
use crate::storage::load::SetAside;
use crate::storage::record::Store;

#[derive(Properties, PartialEq)]
pub struct SetAsideProps {
    pub records: Vec<SetAside>,
    /// The records left after a Delete.
    pub on_change: Callback<Vec<SetAside>>,
}

#[component]
pub fn SetAsideList(props: &SetAsideProps) -> Html {
    let problem = use_state(|| None::<String>);
    html! {
        <div class="flash flash-error" role="alert" id="set-aside">
            <strong>{ format!("{} stored record(s) could not be read and were set aside; everything else loaded.", props.records.len()) }</strong>
            if let Some(p) = &*problem { <div>{ p }</div> }
            <ul>
                { for props.records.iter().map(|r| {
                    let export = {
                        let (r, problem) = (r.clone(), problem.clone());
                        Callback::from(move |_: MouseEvent| {
                            let name = format!("steplab-set-aside-{}.txt", r.key.replace(['/', ':'], "-"));
                            if let Err(e) = crate::execution::files::download(&name, &r.text, "text/plain") {
                                problem.set(Some(e));
                            }
                        })
                    };
                    let delete = {
                        let (key, records, on_change, problem) =
                            (r.key.clone(), props.records.clone(), props.on_change.clone(), problem.clone());
                        Callback::from(move |_: MouseEvent| {
                            let (key, records, on_change, problem) =
                                (key.clone(), records.clone(), on_change.clone(), problem.clone());
                            wasm_bindgen_futures::spawn_local(async move {
                                let write = Write::Delete { store: Store::Quarantine, key: key.clone() };
                                match crate::storage::writer::write(&[write]).await {
                                    Ok(()) => on_change.emit(records.into_iter().filter(|r| r.key != key).collect()),
                                    Err(e) => problem.set(Some(format!("It could not be deleted: {e}"))),
                                }
                            });
                        })
                    };
                    html! {
                        <li class="set-aside-record">
                            <span>{ format!("{}: {}", r.origin, r.problem) }</span>{ " " }
                            <button class="button" onclick={export}>{ "Export" }</button>
                            <button class="button" onclick={delete}>{ "Delete" }</button>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
