// Times StepLab's engine compiled to wasm32 (crates/steplab-bench, wasm-bindgen --target nodejs)
// on one workload: node wasm.mjs MODULE.js WORKLOAD [N] [REPEAT | serve]. One JSON line per run;
// only the run is timed (parsing the definition, input and mocks is not). With `serve`, one run
// per line read from stdin (the harness interleaves the engines' runs that way).
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { WORKLOADS, definition, retryMocks } from './workloads.mjs';

const [modulePath, name, nArg, repeatArg] = process.argv.slice(2);
const w = WORKLOADS[name];
if (!w) throw new Error(`unknown workload ${name}`);
const n = nArg ? Number(nArg) : w.n;
const serve = repeatArg === 'serve';
const repeat = serve ? 0 : Number(repeatArg ?? 1);
const { WasmWorkload } = createRequire(import.meta.url)(modulePath);
const mocks = name === 'retry' ? JSON.stringify(retryMocks(n)) : '';
const workload = new WasmWorkload(definition(name), JSON.stringify(w.input(n)), mocks, mocks ? 'Flaky' : '');
function once(r) {
  workload.prepare();
  const t0 = performance.now();
  workload.run();
  const ms = performance.now() - t0;
  const outcome = JSON.parse(workload.outcome());
  console.log(JSON.stringify({ engine: 'steplab (wasm32, Node)', workload: name, n, run: r, ms, ...outcome }));
}
for (let r = 0; r < repeat; r++) once(r);
if (serve) {
  let r = 0;
  for await (const _ of createInterface({ input: process.stdin })) once(r++);
}
