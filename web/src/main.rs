//! The StepLab console: AWS Step Functions and Lambda as a static web page.

// a binary has no public API: `pub` marks what modules share
#![allow(unreachable_pub)]

mod app;
mod clock;
mod components;
mod driver;
mod embed;
mod execution;
mod export;
mod graph;
mod lambda_host;
mod logs;
mod offline;
mod pages;
mod resources;
mod route;
mod share;
mod storage;
mod store;
mod studio;
mod template_import;

fn main() {
    offline::register_service_worker();
    // embed.html loads this same bundle: it shows the embed widget, not the console
    if embed::is_embed_page() {
        yew::Renderer::<embed::Embed>::new().render();
    } else {
        yew::Renderer::<app::App>::new().render();
    }
}
