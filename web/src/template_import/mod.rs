//! Import a SAM or CloudFormation template into the workspace (the inverse of Export): the
//! template read with its files (`files.rs`: a chosen folder, a zip, or the template alone), turned
//! into functions, state machines and resources (`steplab_template`), shown, then added
//! (`plan.rs`, pure; `page.rs`, the console page).

pub mod files;
pub mod page;
pub mod plan;
