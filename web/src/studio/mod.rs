//! Workflow Studio's Design mode: the states browser, the canvas and the Inspector, and the pure logic
//! under them (catalogue, edits, templates, undo history) which is tested natively; the layout is `steplab_layout`.

pub mod canvas;
pub mod catalog;
pub mod complete;
pub mod config;
pub mod design;
pub mod drafts;
pub mod edit;
pub mod history;
pub mod inspector;
pub mod json_editor;
pub mod mocks;
pub mod role;
pub mod templates;
pub mod test_state;
pub mod test_state_form;
pub mod validation;
pub mod workspace_io;
pub mod yaml;

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests;
