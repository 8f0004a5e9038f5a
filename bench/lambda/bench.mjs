// Cold start and warm invocation of the lab's Lambda handler (tests/data/lab/hello_step_function.py)
// in headless Chromium: StepLab's Python worker (RustPython in wasm, from a built site) and Pyodide
// (npm `pyodide`, served from node_modules: no CDN). A benchmark: it prints figures, asserts nothing
// but that both return the handler's response.
//
//   cd bench/lambda && npm ci && node bench.mjs [--dist ../../dist] [--cold 5] [--warm 300] [--no-pyodide]
//
// cold start = new Worker() → the first invocation's response (the worker instantiating the wasm
// module the page compiled once, as the app does, the interpreter's start, INIT and the first
// invoke); "prewarmed" = the same invocation sent to a worker that booted its interpreter
// ahead (the console keeps one such spare worker); warm = one invocation of an initialised
// environment, inside the worker (and as a postMessage round trip).
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const dist = resolve(arg("dist", process.env.STEPLAB_DIST ?? join(here, "../../dist")));
const coldRuns = Number(arg("cold", 5));
const warmRuns = Number(arg("warm", 300));
const withPyodide = !process.argv.includes("--no-pyodide");
const code = await readFile(join(here, "../../tests/data/lab/hello_step_function.py"), "utf8");
const expected = { statusCode: 200, message: "Hello from Step Function!" };

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json", ".zip": "application/zip" };
const roots = { "/dist/": dist, "/pyodide/": join(here, "node_modules/pyodide"), "/bench/": here };
const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
  const prefix = Object.keys(roots).find((p) => path.startsWith(p));
  if (path === "/") {
    res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>bench</title>");
    return;
  }
  try {
    const file = join(roots[prefix], path.slice(prefix.length));
    await stat(file);
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(await readFile(file));
  } catch {
    res.writeHead(404).end("not found");
  }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
const page = await browser.newPage();
page.on("console", (m) => process.env.BENCH_DEBUG && console.log("page:", m.text()));
await page.goto(`${url}/`);

// Runs in the page: StepLab's worker speaks steplab_runner::protocol (JSON text messages).
const steplab = await page.evaluate(
  async ({ code, coldRuns, warmRuns }) => {
    const fn = { function_name: "HelloStepFunction", runtime: "python3.11", handler: "lambda_function.lambda_handler", code, timeout_seconds: 3, memory_size_mb: 128, environment: [], region: "us-east-1", account: "123456789012" };
    const compiling = performance.now();
    const module = await WebAssembly.compileStreaming(fetch("/dist/lambda-worker_bg.wasm"));
    const compileMs = performance.now() - compiling;
    let id = 0;
    const call = (n) => ({ function_name: fn.function_name, function_arn: `arn:aws:lambda:us-east-1:123456789012:function:${fn.function_name}:$LATEST`, payload: "{}", request_id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}` });
    const start = () => {
      const worker = new Worker("/dist/lambda-worker_loader.js");
      const waiting = [];
      worker.onmessage = (e) => waiting.shift()(JSON.parse(e.data));
      // the app's host hands every new worker the module it compiled once
      worker.postMessage(module);
      const next = () => new Promise((r) => waiting.push(r));
      return { worker, next, send: (m) => worker.postMessage(JSON.stringify(m)) };
    };
    const invoke = async (w) => {
      id += 1;
      w.send({ Invoke: { id, function: fn, call: call(id) } });
      return (await w.next()).Invoked.reply;
    };
    const cold = [], prewarmed = [];
    let payload;
    for (let i = 0; i < coldRuns; i++) {
      const t0 = performance.now();
      const w = start();
      // Loaded: the wasm is instantiated, the worker listens (its times are from its own origin)
      const { script_ms, listening_ms } = (await w.next()).Loaded;
      const loaded = performance.now() - t0;
      const reply = await invoke(w);
      const total = performance.now() - t0;
      const init = Number(/Init Duration: ([0-9.]+) ms/.exec(reply.log)?.[1]);
      cold.push({ script: script_ms, instantiated: listening_ms - script_ms, loaded, total, init, invoke: reply.duration_ms });
      payload = reply.payload;
      w.worker.terminate();
      const s = start();
      await s.next();
      s.send("Warm");
      const ready = (await s.next()).Ready.boot_ms;
      const t1 = performance.now();
      await invoke(s);
      prewarmed.push({ boot: ready, total: performance.now() - t1 });
      if (i < coldRuns - 1) s.worker.terminate();
      else {
        for (let k = 0; k < 20; k++) await invoke(s);
        const inside = [], roundTrip = [];
        for (let k = 0; k < warmRuns; k++) {
          const t2 = performance.now();
          const r = await invoke(s);
          roundTrip.push(performance.now() - t2);
          inside.push(r.duration_ms);
        }
        s.worker.terminate();
        return { compileMs, cold, prewarmed, inside, roundTrip, payload };
      }
    }
  },
  { code, coldRuns, warmRuns },
);

const pyodide = !withPyodide ? null : await page.evaluate(
  async ({ code, coldRuns, warmRuns }) => {
    const start = () => {
      const worker = new Worker("/bench/pyodide-worker.mjs", { type: "module" });
      const waiting = [];
      worker.onmessage = (e) => waiting.shift()(e.data);
      worker.onerror = (e) => console.log("pyodide worker error", e.message);
      return { worker, next: () => new Promise((r) => waiting.push(r)) };
    };
    const cold = [];
    let last, payload;
    for (let i = 0; i < coldRuns; i++) {
      const t0 = performance.now();
      const w = start();
      const loaded = await w.next();
      w.worker.postMessage({ code });
      await w.next();
      w.worker.postMessage({ event: "{}" });
      payload = (await w.next()).payload;
      cold.push({ loaded: loaded.loadedMs, total: performance.now() - t0 });
      if (last) last.worker.terminate();
      last = w;
    }
    for (let k = 0; k < 20; k++) {
      last.worker.postMessage({ event: "{}" });
      await last.next();
    }
    const inside = [], roundTrip = [];
    for (let k = 0; k < warmRuns; k++) {
      const t0 = performance.now();
      last.worker.postMessage({ event: "{}" });
      await last.next();
      roundTrip.push(performance.now() - t0);
    }
    // one invocation takes less than the timer's resolution in a worker: time a batch
    last.worker.postMessage({ event: "{}", repeat: warmRuns });
    inside.push((await last.next()).ms);
    last.worker.terminate();
    return { cold, inside, roundTrip, payload };
  },
  { code, coldRuns, warmRuns },
);
await browser.close();
server.close();

for (const [name, r] of [["StepLab", steplab], ["Pyodide", pyodide ?? steplab]]) {
  const got = JSON.parse(r.payload);
  if (JSON.stringify(got) !== JSON.stringify(expected)) throw new Error(`${name} returned ${r.payload}`);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs) => `${median(xs).toFixed(1)} ms (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)})`;
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const fine = (xs) => `${mean(xs).toFixed(3)} ms (mean; median ${median(xs).toFixed(3)})`;
const s = {
  cold: median(steplab.cold.map((c) => c.total)),
  prewarmed: median(steplab.prewarmed.map((c) => c.total)),
  warm: mean(steplab.inside),
  rt: mean(steplab.roundTrip),
};
const p = !pyodide ? null : { cold: median(pyodide.cold.map((c) => c.total)), warm: mean(pyodide.inside), rt: mean(pyodide.roundTrip) };
console.log(`lab handler, headless Chromium, ${coldRuns} cold starts, ${warmRuns} warm invocations (cold: medians; warm: means)`);
console.log(`StepLab worker wasm compiled once by the page: ${steplab.compileMs.toFixed(1)} ms`);
console.log(`StepLab cold start (new Worker → first response): ${range(steplab.cold.map((c) => c.total))}`);
console.log(`  of which: worker loaded (module instantiated) ${range(steplab.cold.map((c) => c.loaded))}; Init Duration (interpreter + INIT) ${range(steplab.cold.map((c) => c.init))}; first invoke ${range(steplab.cold.map((c) => c.invoke))}`);
console.log(`  in the worker, from its start: loader's first line ${range(steplab.cold.map((c) => c.script))}, then glue + instantiate + start ${range(steplab.cold.map((c) => c.instantiated))}`);
console.log(`  cold starts in order (ms): ${steplab.cold.map((c) => c.total.toFixed(0)).join(", ")} (the first one's code is compiled by V8 as it first runs; later workers share it)`);
console.log(`StepLab cold start in a prewarmed worker (INIT + first invoke): ${range(steplab.prewarmed.map((c) => c.total))}; its interpreter boot ${range(steplab.prewarmed.map((c) => c.boot))}`);
console.log(`StepLab warm invocation: ${fine(steplab.inside)} in the worker, ${fine(steplab.roundTrip)} round trip`);
if (p) console.log(`Pyodide cold start (new Worker → first response): ${range(pyodide.cold.map((c) => c.total))}; loadPyodide ${range(pyodide.cold.map((c) => c.loaded))}`);
if (p) console.log(`Pyodide warm invocation: ${pyodide.inside[0].toFixed(4)} ms in the worker (mean of a batch of ${warmRuns}), ${fine(pyodide.roundTrip)} round trip`);
if (p) console.log(`ratios StepLab/Pyodide: cold ${(s.cold / p.cold).toFixed(2)}, prewarmed cold ${(s.prewarmed / p.cold).toFixed(3)}, warm ${(s.warm / p.warm).toFixed(2)}, warm round trip ${(s.rt / p.rt).toFixed(2)}`);
console.log(`targets: cold ≤ 200 ms: ${s.cold <= 200 ? "met" : "missed"} (prewarmed ${s.prewarmed <= 200 ? "met" : "missed"}); warm ≤ 1 ms: ${s.warm <= 1 ? "met" : "missed"}`);
