//! Several tabs on one workspace. Each tab saves the whole workspace in localStorage on every
//! change; when another tab saves (the browser's `storage` event), this tab takes its workspace
//! (`Action::Adopt`), keeping the records of the executions it runs itself — so an execution
//! opened "in a new browser tab" shows up in the first tab's lists, and the first tab's next save
//! does not erase it.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

use crate::store::{Action, STORAGE_KEY, Workspace};

/// Listens for the workspace saved by other tabs while the app lives.
#[hook]
pub fn use_other_tabs(dispatcher: UseReducerDispatcher<Workspace>) {
    use_effect_with((), move |()| {
        let listener =
            Closure::<dyn Fn(web_sys::StorageEvent)>::new(move |e: web_sys::StorageEvent| {
                if e.key().as_deref() != Some(STORAGE_KEY) {
                    return;
                }
                if let Some(text) = e.new_value()
                    && let Ok(other) = serde_json::from_str::<Workspace>(&text)
                {
                    dispatcher.dispatch(Action::Adopt { other, live: crate::driver::live_arns() });
                }
            });
        let window = web_sys::window();
        if let Some(w) = &window {
            let _ =
                w.add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(w) = &window {
                let _ = w.remove_event_listener_with_callback(
                    "storage",
                    listener.as_ref().unchecked_ref(),
                );
            }
            drop(listener);
        }
    });
}
