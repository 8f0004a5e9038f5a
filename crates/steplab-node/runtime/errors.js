// The runtime's own error types (`Runtime.*`) and how an error becomes a response body and a log
// line, as AWS's Node.js runtime reports them.

class RuntimeError extends Error {}

function runtimeErrorClass(name) {
  // a named class so that `error.constructor.name` is the bare name, as for AWS's classes
  const cls = { [name]: class extends RuntimeError {} }[name];
  cls.prototype.name = `Runtime.${name}`;
  return cls;
}

const ImportModuleError = runtimeErrorClass('ImportModuleError');
const HandlerNotFound = runtimeErrorClass('HandlerNotFound');
const MalformedHandlerName = runtimeErrorClass('MalformedHandlerName');
const UserCodeSyntaxError = runtimeErrorClass('UserCodeSyntaxError');
// nodejs24.x and later
const CallbackHandlerDeprecated = runtimeErrorClass('CallbackHandlerDeprecated');
const JSONStringifyError = runtimeErrorClass('JSONStringifyError');

const CALLBACK_HANDLER_REMOVED =
  'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.';

class UnhandledPromiseRejection extends RuntimeError {
  constructor(reason, promise) {
    super(reason);
    this.reason = reason;
    this.promise = promise;
  }
}
UnhandledPromiseRejection.prototype.name = 'Runtime.UnhandledPromiseRejection';

// A stack without the frames of the host the runtime runs in (Node's internals, the host script, a
// Worker's URL), so that a stack trace reads the same in every host.
function hostNeutralStack(stack) {
  if (typeof stack !== 'string') return stack;
  return stack
    .split('\n')
    .filter((line) => !/^\s+at .*(node:|\[eval|blob:|https?:\/\/|file:\/\/\/(?!var\/))/.test(line))
    .join('\n');
}

function looksLikeError(value) {
  return (
    value &&
    typeof value.name === 'string' &&
    typeof value.message === 'string' &&
    typeof value.stack === 'string' &&
    value.name !== '' &&
    value.message !== '' &&
    value.stack !== ''
  );
}

// The response body of a failed invocation: `{errorType, errorMessage, trace}`; a thrown value
// that is not an Error is reported by its type (`{"errorType":"string",…,"trace":[]}`).
function errorResponse(error) {
  try {
    if (error instanceof Error || looksLikeError(error)) {
      return { errorType: error.name, errorMessage: error.message, trace: hostNeutralStack(error.stack).split('\n') };
    }
    return { errorType: typeof error, errorMessage: error.toString(), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage:
        'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

function toError(value) {
  return value instanceof Error ? value : new Error(value);
}

// An Error as the log line shows it: its name, message and code first, then its own enumerable
// properties, the stack as an array of lines; a tab in front.
function withErrorFields(value) {
  if (!(value instanceof Error)) return value;
  const fields = Object.assign({ errorType: value.name, errorMessage: value.message, code: value.code }, value);
  if (typeof value.stack === 'string') fields.stack = hostNeutralStack(value.stack).split('\n');
  return fields;
}

function formattedError(error) {
  try {
    return `\t${JSON.stringify(error, (_key, value) => withErrorFields(value))}`;
  } catch {
    return `\t${JSON.stringify(errorResponse(error))}`;
  }
}
