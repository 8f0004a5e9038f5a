//! The embed widget for docs: `embed.html` (a static page that loads the same app bundle as
//! `index.html`, see ARCHITECTURE.md) shows one state machine with its graph, its Python functions
//! and an input, and runs it with the app's driver and Lambda Worker host. It keeps everything in
//! memory: it never reads or writes the user's stored workspace. In lab mode, "Open in StepLab"
//! links to the console's permalink page (`#/share/…`, [`crate::share`]), which imports only when
//! the user confirms.

pub mod content;
mod load;
mod view;

pub use load::Embed;

/// Whether this page is `embed.html` (its `<body data-steplab="embed">`).
pub fn is_embed_page() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
        .and_then(|b| b.get_attribute("data-steplab"))
        .is_some_and(|v| v == "embed")
}
