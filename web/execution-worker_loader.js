// Starts the execution Worker. It runs the console's own wasm (crates/steplab-execution-worker is
// linked into it, so the engine ships once in the site): the page posts `{glue, module}` first,
// the URL of its wasm-bindgen glue and its compiled WebAssembly.Module; this Worker imports the
// glue, instantiates the module (whose `main` renders nothing without a page) and calls
// `execution_worker_start`, which answers "Loaded" once it listens for messages.
self.onmessage = async (event) => {
  self.onmessage = null;
  const { glue, module } = event.data;
  const app = await import(glue);
  await app.default({ module_or_path: module });
  app.execution_worker_start();
};
