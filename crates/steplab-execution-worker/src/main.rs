//! The Web Worker that runs executions: the engine and its driver (`steplab_runner::Driver`)
//! carry each execution forward here, off the page's thread, and Lambda functions run in Workers
//! this Worker starts, one per function; the page gets what the driver hands out as deltas.

#[cfg(any(target_arch = "wasm32", test))]
mod start;

#[cfg(target_arch = "wasm32")]
mod function_workers;
#[cfg(target_arch = "wasm32")]
mod host;
#[cfg(target_arch = "wasm32")]
mod node_workers;
#[cfg(target_arch = "wasm32")]
mod shared_answer;
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
