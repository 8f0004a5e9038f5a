//! Pieces the console's pages share.

pub mod breadcrumbs;
pub mod code_editor;
pub mod editor;
pub mod json_text;
pub mod modal;
pub mod pager;
pub mod settled;
pub mod status;
