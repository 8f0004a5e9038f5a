// The function's log: `console.*` replaced by writers of the runtime's text lines,
// `<ISO time>\t<request id>\t<LEVEL>\t<message>\n` (the request id is `undefined` during INIT), kept
// in a buffer the host takes after each phase.

const LEVELS = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };

const logState = { requestId: undefined, buffer: '' };

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
  writeLog(`${time}\t${logState.requestId}\t${level}\t${format(message, ...params)}\n`);
}

// `console.log` is `console.info`; `AWS_LAMBDA_LOG_LEVEL` drops the levels below it.
function patchConsole(env) {
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

// `Invoke Error`, `Uncaught Exception`, `Unhandled Promise Rejection`: an ERROR line with the error as JSON.
function logError(title, error) {
  globalThis.console.error(title, formattedError(toError(error)));
}
