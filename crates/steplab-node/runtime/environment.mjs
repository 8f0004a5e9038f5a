// One execution environment: INIT loads the function's module once, then each invocation calls its
// handler with the event, a context and a callback, and reports the response (or the error) with
// the log lines the function wrote. The module's globals live on across invocations.
//
// Entry points (the same in a browser Worker and in a `node` child process):
// - `createEnvironment({ code, fileName, handler, env })` → `Promise<Environment>`; its `init` is
//   `{ status: "ok" | "error", log, initDurationMs, payload?, errorType? }`;
// - `environment.invoke({ event (JSON text), requestId, deadlineMs, functionName, functionVersion,
//   invokedFunctionArn, memoryLimitInMB, logGroupName, logStreamName, traceId? })` →
//   `Promise<{ status: "ok" | "error" | "exit", payload (JSON text), functionError: null |
//   "Unhandled", errorType?, exitCode?, reset, log, durationMs, startedMs, initDurationMs? }>`
//   (`startedMs`: the handler's start, milliseconds since the epoch);
// - `handleMessage(message)`: the two as messages, `{type: "init", …}` then `{type: "invoke", …}`;
// - `reportUnhandledRejection(reason, promise)` / `reportUncaughtException(error)`: the host's hooks;
// - `writeLog(text)`: raw output of the function (Node's `process.stdout.write`) into its log;
// - `setAwsSender(send)` / `answerAws(message)`: the AWS SDK's calls out to the host and its
//   answers back (aws-sdk.js), which the host passes at once, not after the invocation.

// `Runtime.handler` is the frame the handler's stack shows on AWS up to nodejs22.x,
// `BufferedInvokeProcessor.handler` from nodejs24.x on: the handler is called as a method of these.
class Runtime {
  constructor(handler) {
    this.handler = handler;
  }
}

class BufferedInvokeProcessor {
  constructor(handler) {
    this.handler = handler;
  }
}

// nodejs24.x and later run a newer runtime: no callback handlers, other error names and log titles.
function isModernRuntime(env) {
  const match = /^AWS_Lambda_nodejs(\d+)/.exec(env.AWS_EXECUTION_ENV ?? '');
  return match !== null && Number(match[1]) >= 24;
}

class ExitSignal {
  constructor(code) {
    this.code = code;
  }
}

let current = null;

function installProcess(env) {
  if (globalThis.process === undefined) globalThis.process = {};
  const proc = globalThis.process;
  proc.env = { ...env };
  proc.exit = (code) => {
    throw new ExitSignal(Number(code ?? proc.exitCode ?? 0) || 0);
  };
}

function isAsyncFunction(fn) {
  try {
    return fn.constructor && fn.constructor.name === 'AsyncFunction';
  } catch {
    return false;
  }
}

class Environment {
  constructor(options) {
    this.env = { ...options.env };
    this.files = {};
    for (const [path, text] of Object.entries(options.files || {})) this.files[`${TASK_ROOT}/${path}`] = text;
    this.files[`${TASK_ROOT}/${options.fileName}`] = options.code;
    this.handlerName = options.handler;
    this.runtime = null;
    this.invocation = null;
    this.init = null;
    this.pendingInitDurationMs = undefined;
    this.modern = isModernRuntime(this.env);
  }

  async initialize() {
    installProcess(this.env);
    patchConsole(this.env);
    patchTimers();
    loop.onUncaught = (error) => reportUncaughtException(error);
    logState.requestId = undefined;
    const startedMs = Date.now();
    const started = performance.now();
    try {
      const handler = await loadHandler(this.files, this.handlerName, this.modern);
      if (this.modern && handler.length >= 3) throw new CallbackHandlerDeprecated(CALLBACK_HANDLER_REMOVED);
      this.runtime = this.modern ? new BufferedInvokeProcessor(handler) : new Runtime(handler);
      this.pendingInitDurationMs = performance.now() - started;
      this.init = { status: 'ok', log: takeLog(), initDurationMs: this.pendingInitDurationMs, startedMs };
    } catch (error) {
      const initDurationMs = performance.now() - started;
      if (error instanceof ExitSignal) {
        this.init = { status: 'exit', exitCode: error.code, log: takeLog(), initDurationMs, startedMs };
      } else {
        logError(this.modern ? 'Init Error' : 'Uncaught Exception', error);
        const body = errorResponse(error);
        this.init = {
          status: 'error',
          payload: JSON.stringify(body),
          errorType: body.errorType,
          log: takeLog(),
          initDurationMs,
          startedMs,
        };
      }
    }
    return this;
  }

  async invoke(request) {
    if (this.runtime === null) throw new Error('the environment has no handler (INIT failed)');
    logState.requestId = request.requestId;
    if (request.traceId) globalThis.process.env._X_AMZN_TRACE_ID = request.traceId;
    else delete globalThis.process.env._X_AMZN_TRACE_ID;
    const initDurationMs = this.pendingInitDurationMs;
    this.pendingInitDurationMs = undefined;
    const startedMs = Date.now();
    const started = performance.now();
    const outcome = await new Promise((resolve) => {
      this.invocation = new Invocation(resolve, this.modern);
      if (this.modern) this.invocation.runModern(this.runtime, request, this.env);
      else this.invocation.run(this.runtime, request, this.env);
    });
    this.invocation = null;
    const durationMs = performance.now() - started;
    const result = {
      status: outcome.status,
      payload: outcome.payload,
      functionError: outcome.status === 'ok' ? null : 'Unhandled',
      reset: Boolean(outcome.reset),
      log: takeLog(),
      durationMs,
      startedMs,
    };
    if (outcome.errorType !== undefined) result.errorType = outcome.errorType;
    if (outcome.exitCode !== undefined) result.exitCode = outcome.exitCode;
    if (initDurationMs !== undefined) result.initDurationMs = initDurationMs;
    return result;
  }
}

class Invocation {
  constructor(resolve, modern) {
    this.resolve = resolve;
    this.modern = modern;
    this.settled = false;
    this.completed = false;
  }

  settle(outcome) {
    if (this.settled) return;
    this.settled = true;
    this.resolve(outcome);
  }

  complete(result) {
    if (this.completed) {
      console.error('Invocation has already been reported as done. Cannot call complete more than once per invocation.');
      return;
    }
    this.completed = true;
    let payload;
    try {
      payload = JSON.stringify(result === undefined ? null : result);
    } catch {
      this.completed = false;
      const message = 'Unable to stringify response body';
      throw this.modern ? new JSONStringifyError(message) : new Error(message);
    }
    this.settle({ status: 'ok', payload });
  }

  fail(error) {
    if (error instanceof ExitSignal) {
      this.exit(error.code);
      return;
    }
    logError('Invoke Error', error);
    const body = errorResponse(error);
    this.settle({ status: 'error', payload: JSON.stringify(body), errorType: body.errorType });
  }

  exit(code) {
    this.settle({ status: 'exit', exitCode: code, payload: 'null', reset: true });
  }

  // An error nothing caught (a timer's callback threw, or a completion failed after the event loop
  // emptied): the runtime reports it and its process ends.
  uncaught(error) {
    if (error instanceof ExitSignal) {
      this.exit(error.code);
      return;
    }
    logError('Uncaught Exception', error);
    const body = errorResponse(error);
    this.settle({ status: 'error', payload: JSON.stringify(body), errorType: body.errorType, reset: true });
  }

  run(runtime, request, env) {
    const { callback, context, isFinished } = buildCallbackContext(this);
    attachInvocationData(context, request, env);
    try {
      const result = runtime.handler(JSON.parse(request.event), context, callback);
      if (result && typeof result.then === 'function') {
        result.then(context.succeed, context.fail).catch(context.fail);
      } else if (!isAsyncFunction(runtime.handler)) {
        // a handler that neither returns a promise nor calls back: `null` once the event loop empties
        emptyEventLoop().then(() => {
          if (!isFinished()) this.complete(null);
        });
      }
    } catch (error) {
      callback(error);
    }
  }

  // nodejs24.x and later: the handler's result is awaited, whatever it returns.
  async runModern(processor, request, env) {
    const context = buildModernContext(request, env);
    let result;
    try {
      result = await processor.handler(JSON.parse(request.event), context);
    } catch (error) {
      this.fail(error);
      return;
    }
    try {
      this.complete(result);
    } catch (error) {
      this.fail(error);
    }
  }
}

function reportUnhandledRejection(reason, promise) {
  const error = new UnhandledPromiseRejection(reason, promise);
  logError('Unhandled Promise Rejection', error);
  if (current && current.invocation) {
    const body = errorResponse(error);
    current.invocation.settle({
      status: 'error',
      payload: JSON.stringify(body),
      errorType: body.errorType,
      reset: true,
    });
  }
}

function reportUncaughtException(error) {
  if (current && current.invocation) current.invocation.uncaught(error);
  else logError('Uncaught Exception', error);
}

async function createEnvironment(options) {
  current = new Environment(options);
  return current.initialize();
}

async function handleMessage(message) {
  if (message.type === 'init') {
    const environment = await createEnvironment(message);
    return { type: 'init', ...environment.init };
  }
  if (message.type === 'invoke') {
    return { type: 'invoke', ...(await current.invoke(message)) };
  }
  throw new Error(`unknown message type ${message.type}`);
}

export {
  answerAws,
  createEnvironment,
  handleMessage,
  setAwsSender,
  reportUnhandledRejection,
  reportUncaughtException,
  writeLog,
  format,
  inspect,
};
