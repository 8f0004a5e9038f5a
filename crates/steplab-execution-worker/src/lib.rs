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

/// Makes the calling Worker the execution Worker: it listens for the page's messages and answers
/// `Loaded`. The console's own wasm calls it when `web/execution-worker_loader.js` instantiates that
/// module in a Worker, so the engine ships once in the site.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    worker::start();
}
