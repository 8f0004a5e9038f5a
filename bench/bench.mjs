// Runs every workload on StepLab natively, on StepLab in wasm under Node and on
// aws-local-stepfunctions@3.0.0, in one run, and prints transitions per second and the ratios.
// Usage (after `bash bench/run.sh` has built the engine): node bench/bench.mjs [--repeat R] [WORKLOAD…]
// Each engine runs each workload R times in one fresh process per engine; the three processes
// take turns, one counted run each per round (the order rotating), so a burst of load from other
// work on the machine falls on all three alike. The figure is the fastest run (the machine is shared: the
// fastest run is the one least disturbed), the median is printed too.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKLOADS, retryMocks } from './workloads.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..');
const args = process.argv.slice(2);
let repeat = 7;
const only = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--repeat') repeat = Number(args[++i]);
  else only.push(args[i]);
}
const native = process.env.STEPLAB_BENCH_NATIVE ?? join(root, 'target/bench/release/steplab-bench');
const wasm = process.env.STEPLAB_BENCH_WASM ?? join(root, 'target/bench/wasm/steplab_bench.js');
const scratch = join(tmpdir(), `steplab-bench-${process.pid}`);
mkdirSync(scratch, { recursive: true });

// A driver process serving timed runs: one JSON line back for each line written to it.
function server(cmd, argv, env = process.env) {
  const child = spawn(cmd, argv, { env, stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = [];
  let failed = null;
  createInterface({ input: child.stdout }).on('line', (l) => waiting.shift()?.resolve(JSON.parse(l)));
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      if (code !== 0) failed = new Error(`${cmd} ${argv.join(' ')} exited with ${code ?? signal}`);
      for (const w of waiting.splice(0)) w.reject(failed ?? new Error(`${cmd} ended early`));
      resolve();
    });
  });
  return {
    run() {
      if (failed) return Promise.reject(failed);
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        child.stdin.write('run\n');
      });
    },
    async close() {
      child.stdin.end();
      await exited;
      if (failed) throw failed;
    },
  };
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const sameJson = (a, b) => JSON.stringify(a) === JSON.stringify(b);

const rows = [];
for (const [name, w] of Object.entries(WORKLOADS)) {
  if (only.length && !only.includes(name)) continue;
  const n = w.n;
  const transitions = w.transitions(n);
  const inputFile = join(scratch, `${name}.input.json`);
  writeFileSync(inputFile, JSON.stringify(w.input(n)));
  const nativeArgs = [join(here, 'workloads', `${name}.asl.json`), inputFile];
  if (name === 'retry') {
    const mockFile = join(scratch, 'retry.mocks.json');
    writeFileSync(mockFile, JSON.stringify(retryMocks(n)));
    nativeArgs.push('--mocks', mockFile, '--test-case', 'Flaky');
  }
  const servers = {
    // glibc keeps the memory a run frees for the next run instead of handing it back to the
    // system and faulting it in again (what a warmed-up JS heap does for the other two)
    native: server(native, [...nativeArgs, '--serve'], {
      ...process.env,
      GLIBC_TUNABLES: 'glibc.malloc.trim_threshold=2147483647:glibc.malloc.mmap_threshold=1073741824',
    }),
    wasm: server(process.execPath, [join(here, 'wasm.mjs'), wasm, name, String(n), 'serve']),
    peer: server(process.execPath, [join(here, 'peer.mjs'), name, String(n), 'serve']),
  };
  const engines = Object.keys(servers);
  const runs = Object.fromEntries(engines.map((e) => [e, []]));
  for (let r = 0; r < repeat; r++) {
    for (let i = 0; i < engines.length; i++) {
      const e = engines[(r + i) % engines.length];
      // a turn is two runs back to back, the second one counted: while the other two ran, this
      // engine's caches went cold (which costs a 5 ms run much more than a 300 ms one)
      await servers[e].run();
      runs[e].push(await servers[e].run());
    }
  }
  await Promise.all(Object.values(servers).map((s) => s.close()));
  // the engines must do the same work: same output; ours records the expected transitions
  for (const [engine, rs] of Object.entries(runs)) {
    for (const r of rs) {
      if (!sameJson(r.output, runs.peer[0].output)) {
        throw new Error(`${name}: ${engine} output ${JSON.stringify(r.output)} differs from the peer's ${JSON.stringify(runs.peer[0].output)}`);
      }
      if (engine !== 'peer' && r.transitions !== transitions) {
        throw new Error(`${name}: ${engine} made ${r.transitions} transitions, expected ${transitions}`);
      }
    }
  }
  const ms = Object.fromEntries(Object.entries(runs).map(([k, rs]) => [k, Math.min(...rs.map((r) => r.ms))]));
  const medianMs = Object.fromEntries(Object.entries(runs).map(([k, rs]) => [k, median(rs.map((r) => r.ms))]));
  const tps = Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, transitions / (v / 1000)]));
  const medianTps = Object.fromEntries(Object.entries(medianMs).map(([k, v]) => [k, transitions / (v / 1000)]));
  rows.push({ name, n, transitions, events: runs.native[0].events, ms, tps, medianMs, medianTps });
}

const fmt = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : `${Math.round(x / 1000)}k`);
const pad = (s, k) => String(s).padStart(k);
console.log(`StepLab ASL engine vs aws-local-stepfunctions@3.0.0 — transitions per second (fastest of ${repeat} runs; node ${process.version})`);
console.log(`${'workload'.padEnd(9)}${pad('transitions', 12)}${pad('native', 20)}${pad('wasm (Node)', 20)}${pad('peer', 20)}${pad('native/peer', 13)}${pad('wasm/peer', 11)}`);
for (const r of rows) {
  const cell = (k) => `${fmt(r.tps[k])}/s (${r.ms[k].toFixed(1)} ms)`;
  console.log(
    `${r.name.padEnd(9)}${pad(r.transitions, 12)}${pad(cell('native'), 20)}${pad(cell('wasm'), 20)}${pad(cell('peer'), 20)}` +
      `${pad(`${(r.tps.native / r.tps.peer).toFixed(1)}x`, 13)}${pad(`${(r.tps.wasm / r.tps.peer).toFixed(1)}x`, 11)}`,
  );
}
console.log('medians:');
for (const r of rows) {
  const t = r.medianTps;
  console.log(
    `${r.name.padEnd(9)}${pad(r.transitions, 12)}${pad(`${fmt(t.native)}/s`, 20)}${pad(`${fmt(t.wasm)}/s`, 20)}${pad(`${fmt(t.peer)}/s`, 20)}` +
      `${pad(`${(t.native / t.peer).toFixed(1)}x`, 13)}${pad(`${(t.wasm / t.peer).toFixed(1)}x`, 11)}`,
  );
}
console.log(JSON.stringify({ repeat, node: process.version, results: rows }));
