// Times aws-local-stepfunctions@3.0.0 on one workload: node peer.mjs WORKLOAD [N] [REPEAT | serve]
// Prints one JSON line per run (the first is a cold run in a fresh process). With `serve`, one
// run per line read from stdin (the harness interleaves the engines' runs that way).
// Node 20 shim: the package declares Node >= 22, whose Promise.withResolvers its Task states use
if (!Promise.withResolvers) {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((a, b) => { resolve = a; reject = b; });
    return { promise, resolve, reject };
  };
}
const { StateMachine } = await import('aws-local-stepfunctions');
import { createInterface } from 'node:readline';
import { WORKLOADS, definition } from './workloads.mjs';

const [name, nArg, repeatArg] = process.argv.slice(2);
const w = WORKLOADS[name];
if (!w) throw new Error(`unknown workload ${name}`);
const n = nArg ? Number(nArg) : w.n;
const serve = repeatArg === 'serve';
const repeat = serve ? 0 : Number(repeatArg ?? 1);
const sm = new StateMachine(JSON.parse(definition(name)), { validationOptions: { checkPaths: false } });

async function once(r) {
  const input = w.input(n);
  let attempts = 0;
  const overrides = {
    // the Task of the retry workload: fails n times, then answers
    taskResourceLocalHandlers: {
      Flaky: () => {
        attempts += 1;
        if (attempts <= n) {
          const e = new Error('try again');
          e.name = 'Flaky.Unavailable';
          throw e;
        }
        return { StatusCode: 200, Payload: { attempts } };
      },
    },
    retryIntervalOverrides: { Flaky: 0 },
  };
  const t0 = performance.now();
  const { result } = sm.run(input, { overrides });
  const output = await result;
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ engine: 'aws-local-stepfunctions@3.0.0', workload: name, n, run: r, ms, transitions: w.transitions(n), output }));
}
for (let r = 0; r < repeat; r++) await once(r);
if (serve) {
  let r = 0;
  for await (const _ of createInterface({ input: process.stdin })) await once(r++);
}
