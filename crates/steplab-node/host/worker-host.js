// A browser Worker that hosts one execution environment (a module Worker of its own per
// environment): the same messages as the `node` host, by `postMessage`. The first message,
// `{type: "init", runtimeSource, …}`, carries the runtime's JavaScript; each message is answered
// with one reply (`{type: "init" | "invoke" | "fatal", …}`). The host stops an endless handler by
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
  }
  return runtime.handleMessage(message);
}

let queue = Promise.resolve();
self.addEventListener('message', (event) => {
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
