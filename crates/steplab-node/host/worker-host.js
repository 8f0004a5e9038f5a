// A browser Worker that hosts one execution environment (a module Worker of its own per
// environment): the same messages as the `node` host, by `postMessage`. The first message,
// `{type: "init", runtimeSource, …}`, carries the runtime's JavaScript; each message is answered
// with one reply (`{type: "init" | "invoke" | "fatal", …}`); while an invocation runs, the
// function's AWS SDK calls go out as `{type: "aws", …}` and their answers come in as
// `{type: "aws-reply", …}`. The host stops an endless handler by
// terminating the Worker at the function's timeout.
let runtime = null;

self.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  runtime?.reportUnhandledRejection(event.reason, event.promise);
});
self.addEventListener('error', (event) => {
  event.preventDefault();
  runtime?.reportUncaughtException(event.error ?? new Error(event.message));
});

async function handle(message) {
  if (message.type === 'init') {
    const source = `${message.runtimeSource}\n//# sourceURL=file:///var/runtime/index.mjs`;
    runtime = await import(`data:text/javascript;charset=utf-8,${encodeURIComponent(source)}`);
    runtime.setAwsSender((call) => self.postMessage(call));
  }
  return runtime.handleMessage(message);
}

let queue = Promise.resolve();
self.addEventListener('message', (event) => {
  // the host's answer to an AWS SDK call comes while an invocation runs
  if (event.data && event.data.type === 'aws-reply') {
    runtime?.answerAws(event.data);
    return;
  }
  queue = queue.then(async () => {
    let answer;
    try {
      answer = await handle(event.data);
    } catch (error) {
      answer = { type: 'fatal', message: String(error && error.stack ? error.stack : error) };
    }
    self.postMessage(answer);
  });
});
