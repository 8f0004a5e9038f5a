//! Unsaved Workflow Studio work, kept in localStorage so that a reload or a closed tab loses nothing:
//! one entry per state machine being edited (`new` for one not created yet).

use serde::{Serialize, de::DeserializeOwned};

const PREFIX: &str = "steplab.studio.draft.";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The key of the draft of `existing` (`None`: a new state machine).
fn key(existing: Option<&str>) -> String {
    format!("{PREFIX}{}", existing.map_or_else(|| "new".to_owned(), |n| format!("edit.{n}")))
}

/// The saved draft, if any. An unreadable entry is moved aside (kept under `….unreadable`) and reported.
pub fn load<T: DeserializeOwned>(existing: Option<&str>) -> Result<Option<T>, String> {
    let Some(storage) = storage() else { return Ok(None) };
    let key = key(existing);
    let Ok(Some(text)) = storage.get_item(&key) else { return Ok(None) };
    match serde_json::from_str(&text) {
        Ok(d) => Ok(Some(d)),
        Err(e) => {
            let _ = storage.set_item(&format!("{key}.unreadable"), &text);
            let _ = storage.remove_item(&key);
            Err(format!(
                "An unsaved draft could not be read ({e}); it was kept under {key}.unreadable"
            ))
        }
    }
}

/// Saves the draft; `Err` says why it could not be kept.
pub fn save<T: Serialize>(existing: Option<&str>, draft: &T) -> Result<(), String> {
    let storage = storage().ok_or_else(|| "localStorage is not available".to_owned())?;
    let text = serde_json::to_string(draft).map_err(|e| e.to_string())?;
    storage
        .set_item(&key(existing), &text)
        .map_err(|_| "the browser refused to keep the draft (storage full?)".to_owned())
}

/// Forgets the draft (after Create / Save, or Discard).
pub fn clear(existing: Option<&str>) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&key(existing));
    }
}
