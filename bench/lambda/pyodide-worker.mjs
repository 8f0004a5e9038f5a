// A Pyodide Web Worker running a Lambda-style handler: the reference for "real CPython in the
// browser". Messages: {code} → "ready" after INIT (loadPyodide + the module's top-level code);
// {event, repeat?} → {payload, ms} (json.loads → handler → json.dumps, timed inside the worker,
// the mean of `repeat` invocations).
import { loadPyodide } from "/pyodide/pyodide.mjs";

let invoke = null;
const started = performance.now();
const pyodide = await loadPyodide({ indexURL: "/pyodide/" });
const loadedMs = performance.now() - started;
self.onmessage = (message) => {
  const { code, event } = message.data;
  if (code !== undefined) {
    const t0 = performance.now();
    const module = pyodide.runPython(
      "import json, types\n" +
        "module = types.ModuleType('lambda_function')\n" +
        "exec(compile(CODE, '/var/task/lambda_function.py', 'exec'), module.__dict__)\n" +
        "def invoke(event):\n" +
        "    return json.dumps(module.lambda_handler(json.loads(event), None))\n" +
        "invoke",
      { globals: pyodide.toPy({ CODE: code }) },
    );
    invoke = module;
    self.postMessage({ ready: true, loadedMs, initMs: performance.now() - t0 });
  } else {
    const repeat = message.data.repeat ?? 1;
    const t0 = performance.now();
    let payload;
    for (let i = 0; i < repeat; i++) payload = invoke(event);
    self.postMessage({ payload, ms: (performance.now() - t0) / repeat });
  }
};
self.postMessage({ loaded: true, loadedMs });
