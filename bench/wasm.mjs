// Times StepLab's engine compiled to wasm32 (crates/steplab-bench, wasm-bindgen --target nodejs)
// on one workload: node wasm.mjs MODULE.js WORKLOAD [N] [REPEAT]. One JSON line per run; only
// the run is timed (parsing the definition, input and mocks is not).
import { createRequire } from 'node:module';
import { WORKLOADS, definition, retryMocks } from './workloads.mjs';

const [modulePath, name, nArg, repeatArg] = process.argv.slice(2);
const w = WORKLOADS[name];
if (!w) throw new Error(`unknown workload ${name}`);
const n = nArg ? Number(nArg) : w.n;
const repeat = Number(repeatArg ?? 1);
const { WasmWorkload } = createRequire(import.meta.url)(modulePath);
const mocks = name === 'retry' ? JSON.stringify(retryMocks(n)) : '';
const workload = new WasmWorkload(definition(name), JSON.stringify(w.input(n)), mocks, mocks ? 'Flaky' : '');
for (let r = 0; r < repeat; r++) {
  workload.prepare();
  const t0 = performance.now();
  workload.run();
  const ms = performance.now() - t0;
  const outcome = JSON.parse(workload.outcome());
  console.log(JSON.stringify({ engine: 'steplab (wasm32, Node)', workload: name, n, run: r, ms, ...outcome }));
}
