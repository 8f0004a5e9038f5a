// Starts the Python worker (crates/steplab-worker, built by Trunk as lambda-worker.js and
// lambda-worker_bg.wasm). The page compiles the worker's wasm once and posts the compiled
// WebAssembly.Module as the first message to every new worker, which then only instantiates it
// (compiling 24 MB of wasm in each worker took most of a cold start). Any other first message
// (the page could not compile it) makes the worker fetch and compile the wasm itself.
// The worker's own code answers with "Loaded" once it listens for requests.
self.steplabStarted = performance.now();
importScripts("./lambda-worker.js");
self.onmessage = (event) => {
  self.onmessage = null;
  const module = event.data instanceof WebAssembly.Module ? event.data : "./lambda-worker_bg.wasm";
  wasm_bindgen({ module_or_path: module });
};
