// Starts the execution Worker (crates/steplab-execution-worker, built by Trunk as
// execution-worker.js and execution-worker_bg.wasm): the engine and its driver run here, off the
// page's thread. Its own code answers "Loaded" once it listens for messages.
importScripts("./execution-worker.js");
wasm_bindgen({ module_or_path: "./execution-worker_bg.wasm" });
