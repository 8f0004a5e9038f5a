// The function's log: `console.*` replaced by writers of the runtime's lines, kept in a buffer the
// host takes after each phase. `AWS_LAMBDA_LOG_FORMAT` picks the line: text,
// `<ISO time>\t<request id>\t<LEVEL>\t<message>\n` (the request id is `undefined` during INIT), or
// JSON, `{"timestamp","level","requestId","message"}` (plus `errorType`, `errorMessage`,
// `stackTrace` when one of several arguments is an Error; a lone Error is the message, as an object
// with those fields first), as the Node.js runtime interface client writes them.

const LEVELS = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };

const logState = { requestId: undefined, buffer: '', json: false, errorInMessage: true };

function writeLog(text) {
  logState.buffer += text;
}

function takeLog() {
  const text = logState.buffer;
  logState.buffer = '';
  return text;
}

function logLine(level, message, params) {
  const time = new Date().toISOString();
  if (logState.json) {
    writeLog(`${jsonLogLine(time, level, [message, ...params])}\n`);
  } else {
    writeLog(`${time}\t${logState.requestId}\t${level}\t${format(message, ...params)}\n`);
  }
}

// A lone Error message: its type, message and stack (as lines), then its own properties.
function jsonErrorReplacer(_key, value) {
  if (!(value instanceof Error)) return value;
  return Object.assign(
    {
      errorType: value?.constructor?.name ?? 'UnknownError',
      errorMessage: value.message,
      stackTrace: typeof value.stack === 'string' ? hostNeutralStack(value.stack).split('\n') : value.stack,
    },
    value,
  );
}

// One JSON line; its newlines become `\r` as the runtime writes them to stdout.
function jsonLogLine(timestamp, level, args) {
  const entry = { timestamp, level, requestId: logState.requestId };
  let line;
  if (args.length === 1) {
    entry.message = args[0];
    try {
      line = JSON.stringify(entry, jsonErrorReplacer);
    } catch {
      entry.message = format(entry.message);
      line = JSON.stringify(entry);
    }
  } else {
    entry.message = format(...args);
    // the error fields come from the first Error among all the arguments; the newer client
    // (nodejs24.x, `src/logging/formatter.ts`) looks only after the first one
    const candidates = logState.errorInMessage ? args : args.slice(1);
    const error = candidates.find((arg) => arg instanceof Error);
    if (error !== undefined) {
      entry.errorType = error?.constructor?.name ?? 'UnknownError';
      entry.errorMessage = error.message;
      entry.stackTrace = typeof error.stack === 'string' ? hostNeutralStack(error.stack).split('\n') : [];
    }
    line = JSON.stringify(entry);
  }
  return line.replace(/\n/g, '\r');
}

// `console.log` is `console.info`; `AWS_LAMBDA_LOG_LEVEL` drops the levels below it (not
// `console.fatal`); `AWS_LAMBDA_LOG_FORMAT=JSON` (any case) writes JSON lines.
function patchConsole(env) {
  logState.json = String(env.AWS_LAMBDA_LOG_FORMAT ?? '').toUpperCase() === 'JSON';
  logState.errorInMessage = !isModernRuntime(env);
  const threshold = LEVELS[String(env.AWS_LAMBDA_LOG_LEVEL ?? '').toUpperCase()] ?? LEVELS.TRACE;
  const writer = (level) =>
    LEVELS[level] >= threshold ? (message, ...params) => logLine(level, message, params) : () => {};
  const target = globalThis.console;
  target.trace = writer('TRACE');
  target.debug = writer('DEBUG');
  target.info = writer('INFO');
  target.log = target.info;
  target.warn = writer('WARN');
  target.error = writer('ERROR');
  target.fatal = (message, ...params) => logLine('FATAL', message, params);
}

// `Invoke Error`, `Uncaught Exception`, `Unhandled Promise Rejection`: an ERROR line with the error as
// JSON; in JSON format the error alone, without the title (the client's `structuredConsole.logError`).
function logError(title, error) {
  if (logState.json) globalThis.console.error(toError(error));
  else globalThis.console.error(title, formattedError(toError(error)));
}
