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

/// The execution Worker's entry point: `web/execution-worker_loader.js` instantiates this module
/// (its compiled `WebAssembly.Module`, posted by the page) in a Worker and calls it, so the engine,
/// the driver and the services ship once in the site (`steplab_execution_worker`).
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn execution_worker_start() {
    #[cfg(target_arch = "wasm32")]
    steplab_execution_worker::start();
}

fn main() {
    // in the execution Worker this module runs without a page: nothing to render there
    if web_sys::window().is_none() {
        return;
    }
    offline::register_service_worker();
    // embed.html loads this same bundle: it shows the embed widget, not the console
    if embed::is_embed_page() {
        yew::Renderer::<embed::Embed>::new().render();
    } else {
        yew::Renderer::<app::App>::new().render();
    }
}
