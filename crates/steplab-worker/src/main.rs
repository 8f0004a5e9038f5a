//! The Web Worker that runs Python Lambda functions: one execution environment per deployed function,
//! so module globals persist across warm invocations, and a new deploy starts cold.
//! The UI thread never runs Python.

#[cfg(target_arch = "wasm32")]
mod elsewhere;
#[cfg(target_arch = "wasm32")]
mod worker;

#[cfg(target_arch = "wasm32")]
fn main() {
    worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    // the worker runs only in a browser
}
