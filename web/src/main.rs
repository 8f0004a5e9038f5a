//! The StepLab console: AWS Step Functions and Lambda as a static web page.

// a binary has no public API: `pub` marks what modules share
#![allow(unreachable_pub)]

mod app;
mod components;
mod driver;
mod execution;
mod export;
mod graph;
mod lambda_host;
mod offline;
mod pages;
mod route;
mod share;
mod store;
mod studio;

fn main() {
    offline::register_service_worker();
    yew::Renderer::<app::App>::new().render();
}
