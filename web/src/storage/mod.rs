//! The workspace kept in IndexedDB: one record per function, state machine and execution, each
//! execution's history in chunks appended while it runs, records that cannot be read set aside,
//! other tabs told of each change.

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests;
pub mod changes;
pub mod channel;
pub mod conflict;
pub mod database;
pub mod history_reader;
pub mod load;
#[cfg(all(test, target_arch = "wasm32"))]
mod quota_tests;
pub mod record;
pub mod set_aside_view;
pub mod unsaved;
pub mod usage_view;
pub mod writer;

/// Asks the browser to keep the workspace's storage when space runs short
/// (`navigator.storage.persist()`; the browser may say no, and then evicts it only under pressure).
pub fn persist() {
    if let Some(storage) = web_sys::window().map(|w| w.navigator().storage()) {
        let _ = storage.persist();
    }
}

/// Asks the person to confirm leaving the page (a reload, a closed tab) while something shown is
/// not stored yet, or an execution runs here: what is not written would be lost (the browser
/// shows its own "Leave site?" prompt).
pub fn leave_warning() {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::Closure;
    let Some(window) = web_sys::window() else { return };
    let listener =
        Closure::<dyn Fn(web_sys::BeforeUnloadEvent)>::new(|event: web_sys::BeforeUnloadEvent| {
            if writer::unsaved() || !crate::driver::live_arns().is_empty() {
                event.prevent_default();
                // older browsers show the prompt only when a return value is set
                event.set_return_value("Changes you made may not be saved.");
            }
        });
    let _ =
        window.add_event_listener_with_callback("beforeunload", listener.as_ref().unchecked_ref());
    listener.forget();
}
