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
