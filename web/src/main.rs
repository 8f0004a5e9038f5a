//! The StepLab console: AWS Step Functions and Lambda as a static web page.

// a binary has no public API: `pub` marks what modules share
#![allow(unreachable_pub)]

mod app;
mod components;
mod driver;
mod execution;
mod graph;
mod lambda_host;
mod pages;
mod route;
mod store;
mod studio;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
