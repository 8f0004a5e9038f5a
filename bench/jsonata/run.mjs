// Benchmark: our JSONata evaluator, natively and compiled to wasm (run here in Node), against
// jsonata-js 2.0.6 on the same expressions and data, in one run. Not a test.
//
//   cd bench/jsonata && npm ci && npm run bench
//
// 1. builds wasm/ (a tiny cdylib over steplab-jsonata) for wasm32-unknown-unknown with the site's
//    release profile and runs wasm-bindgen --target nodejs into pkg/;
// 2. runs `cargo bench -p steplab-jsonata --bench compare -- --json`: the native timings, the
//    workloads and their data (10,000 items);
// 3. times jsonata-js and the wasm module here, each the best of 15 rounds of 5 evaluations of
//    an expression compiled once (as the native side does), and prints the ratios
//    (jsonata-js time / our time: above 1 means we are faster).
// jsonata-js evaluates against a JavaScript object built once; ours likewise against a Document
// converted once, except the first row, which times the one-shot `evaluate(&Json)` of `1`: the
// cost of converting the 10,000-item input on every call.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '../..');
const targetDir = path.join(root, 'target/jsonata');
const require = createRequire(import.meta.url);

function sh(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 28, ...opts });
}

// 1. wasm
sh('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown',
  '--manifest-path', path.join(here, 'wasm/Cargo.toml'), '--target-dir', targetDir]);
sh('wasm-bindgen', ['--target', 'nodejs', '--out-dir', path.join(here, 'pkg'),
  path.join(targetDir, 'wasm32-unknown-unknown/release/steplab_jsonata_bench_wasm.wasm')]);

// 2. native
const native = JSON.parse(sh('cargo', ['bench', '-q', '-p', 'steplab-jsonata', '--bench', 'compare', '--', '--json']).toString());
const input = native.data;

// The machine may be busy: jsonata-js and wasm rounds alternate, so both see the same load,
// and the best round of each counts.
const ROUNDS = 15;
const PER_ROUND = 5;
async function round(run) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < PER_ROUND; i++) await run();
  return Number(process.hrtime.bigint() - start) / 1e6 / PER_ROUND;
}

// 3. jsonata-js and wasm
const jsonata = require(path.join(here, 'node_modules/jsonata'));
const { Bench } = require(path.join(here, 'pkg/steplab_jsonata_bench_wasm.js'));
const wasm = new Bench(JSON.stringify(input));

const sameAs = (a, b) => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  return v;
}

const rows = [];
for (const [i, w] of native.workloads.entries()) {
  const expr = jsonata(w.expr);
  let jsResult;
  const handle = wasm.compile(w.expr);
  let jsMs = Infinity;
  let wasmMs = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    jsMs = Math.min(jsMs, await round(async () => { jsResult = await expr.evaluate(input); }));
    wasmMs = Math.min(wasmMs, await round(() => wasm.run(handle, 1, i === 0)));
  }
  const wasmResult = JSON.parse(wasm.last_result() === 'undefined' ? 'null' : wasm.last_result());
  const js = jsResult === undefined ? null : JSON.parse(JSON.stringify(jsResult));
  rows.push({
    workload: w.name,
    'native ms': w.ms.toFixed(3),
    'wasm ms': wasmMs.toFixed(3),
    'jsonata-js ms': jsMs.toFixed(3),
    'native ×': (jsMs / w.ms).toFixed(1),
    'wasm ×': (jsMs / wasmMs).toFixed(1),
    'same result': sameAs(js, w.result ?? null) && sameAs(js, wasmResult),
  });
}
console.log(`node ${process.version}, jsonata-js ${require(path.join(here, 'node_modules/jsonata/package.json')).version}; × = jsonata-js time / ours (> 1: ours is faster)`);
console.table(rows);
if (rows.some((r) => !r['same result'])) process.exitCode = 1;
