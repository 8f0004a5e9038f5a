// One execution environment of a Node.js function for the JavaScript API: StepLab's Node.js
// runtime in a module Worker of its own in a browser, or in a `node` child process under
// Node.js (the script and messages the `steplab` CLI uses). The Rust side (src/node_functions.rs)
// sends one message at a time and waits for its reply; the function's AWS SDK calls that come
// meanwhile are answered through `answerAws` (JSON text in, JSON text or a promise of it out).

function nodeModule(name) {
  const process = globalThis.process;
  if (!process || !process.versions || !process.versions.node) return null;
  if (typeof process.getBuiltinModule !== 'function') {
    throw new Error(`Node.js functions need Node.js 20.16 or newer here (this is ${process.version})`);
  }
  return process.getBuiltinModule(name);
}

/// What both kinds of environment share: one message at a time, its reply (or a timeout, or the
/// environment's end) settling the request's promise.
class Environment {
  constructor() {
    this.pending = null;
    this.lost = null;
  }

  settle(outcome) {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    clearTimeout(pending.timer);
    this.settled();
    pending.resolve(outcome);
  }

  // after a request ends (a process goes back to not keeping Node.js running)
  settled() {}

  request(text, limitMs, answerAws) {
    if (this.lost) return Promise.resolve({ kind: 'lost', detail: this.lost });
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle({ kind: 'timeout' }), limitMs);
      this.pending = { resolve, timer, answerAws };
      this.send(text);
    });
  }

  /// The answer to an AWS SDK call of the function (JSON text, or a promise of it: a synchronous
  /// Lambda Invoke of a Node.js function is answered when the target returns), or `offline` when
  /// no invocation runs.
  answer(line, id) {
    return Promise.resolve((this.pending ? this.pending.answerAws(line) : null) ?? `{"type":"aws-reply","id":${id},"offline":true}`);
  }
}

class WorkerEnvironment extends Environment {
  constructor(workerHostJs) {
    super();
    const url = URL.createObjectURL(new Blob([workerHostJs], { type: 'text/javascript' }));
    this.worker = new Worker(url, { type: 'module' });
    URL.revokeObjectURL(url);
    this.worker.onmessage = (event) => {
      const data = event.data;
      if (data && data.type === 'aws') {
        this.answer(JSON.stringify(data), data.id).then((text) => this.worker.postMessage(JSON.parse(text)));
        return;
      }
      this.settle({ kind: 'reply', text: JSON.stringify(data) });
    };
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.lost = `the Node.js worker failed: ${event.message || 'it could not start'}`;
      this.settle({ kind: 'lost', detail: this.lost });
    };
  }

  send(text) {
    this.worker.postMessage(JSON.parse(text));
  }

  terminate() {
    this.worker.terminate();
    this.settle({ kind: 'lost', detail: 'the Node.js worker was terminated' });
  }
}

class ProcessEnvironment extends Environment {
  constructor(nodeHostJs, childProcess) {
    super();
    const process = globalThis.process;
    this.child = childProcess.spawn(process.execPath, ['--input-type=module', '-e', nodeHostJs], {
      env: {},
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.stderr = '';
    this.buffer = '';
    this.child.stdout.setEncoding('utf8');
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk) => {
      this.stderr = (this.stderr + chunk).slice(-16384);
    });
    this.child.stdout.on('data', (chunk) => {
      this.buffer += chunk;
      let end;
      while ((end = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 1);
        this.line(line);
      }
    });
    const ended = (why) => {
      if (this.lost) return;
      this.lost = `node ended unexpectedly (${why})\n${this.stderr}`;
      this.settle({ kind: 'lost', detail: this.lost });
    };
    this.child.on('exit', (code, signal) => ended(signal ? `signal ${signal}` : `exit code ${code}`));
    this.child.on('error', (error) => ended(String(error && error.message ? error.message : error)));
    this.child.stdin.on('error', () => {});
    this.idle();
  }

  // an environment waiting for its next call does not keep Node.js running
  idle() {
    this.child.unref();
    this.child.stdout.unref?.();
    this.child.stderr.unref?.();
  }

  busy() {
    this.child.ref();
    this.child.stdout.ref?.();
    this.child.stderr.ref?.();
  }

  line(line) {
    if (line.startsWith('{"type":"aws",')) {
      this.answer(line, JSON.parse(line).id).then((text) => this.child.stdin.write(`${text}\n`));
      return;
    }
    this.settle({ kind: 'reply', text: line });
  }

  settled() {
    this.idle();
  }

  send(text) {
    this.busy();
    this.child.stdin.write(`${text}\n`);
  }

  terminate() {
    this.lost = this.lost ?? 'node was stopped';
    this.child.kill('SIGKILL');
    this.settle({ kind: 'lost', detail: this.lost });
  }
}

/// A new environment, or an Error saying why this JavaScript host cannot run one.
export function startEnvironment(workerHostJs, nodeHostJs) {
  const childProcess = nodeModule('node:child_process');
  if (childProcess) return new ProcessEnvironment(nodeHostJs, childProcess);
  if (typeof Worker === 'function' && typeof Blob === 'function' && typeof URL.createObjectURL === 'function') {
    return new WorkerEnvironment(workerHostJs);
  }
  throw new Error('Node.js functions need a browser with module Workers, or Node.js 20.16 or newer');
}
