// The `node` child process that hosts one execution environment: JSON lines on stdin (the first,
// `{type: "init", runtimeSource, …}`, carries the runtime's JavaScript), one JSON line per message
// on stdout. The function's own writes to stdout/stderr go to its log, not to the protocol.
import { createInterface } from 'node:readline';

const reply = process.stdout.write.bind(process.stdout);
let runtime = null;
const early = [];

const toLog = (chunk, encoding, done) => {
  const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  if (runtime) runtime.writeLog(text);
  else early.push(text);
  const callback = typeof encoding === 'function' ? encoding : done;
  if (typeof callback === 'function') callback();
  return true;
};
process.stdout.write = toLog;
process.stderr.write = toLog;

process.on('unhandledRejection', (reason, promise) => runtime?.reportUnhandledRejection(reason, promise));
process.on('uncaughtException', (error) => runtime?.reportUncaughtException(error));

async function handle(message) {
  if (message.type === 'init') {
    const source = `${message.runtimeSource}\n//# sourceURL=file:///var/runtime/index.mjs`;
    runtime = await import(`data:text/javascript;charset=utf-8,${encodeURIComponent(source)}`);
    runtime.setAwsSender((call) => reply(`${JSON.stringify(call)}\n`));
    for (const text of early.splice(0)) runtime.writeLog(text);
  }
  return runtime.handleMessage(message);
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
let queue = Promise.resolve();
lines.on('line', (line) => {
  // the host's answer to an AWS SDK call comes while an invocation runs
  if (line.startsWith('{"type":"aws-reply"')) {
    runtime?.answerAws(JSON.parse(line));
    return;
  }
  queue = queue.then(async () => {
    let answer;
    try {
      answer = await handle(JSON.parse(line));
    } catch (error) {
      answer = { type: 'fatal', message: String(error && error.stack ? error.stack : error) };
    }
    reply(`${JSON.stringify(answer)}\n`);
  });
});
