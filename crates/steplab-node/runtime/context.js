// The handler's `callback` and `context` for one invocation: only the first of `callback`,
// `context.succeed`, `context.fail`, `context.done` counts; a successful `callback` waits for the
// event loop to empty unless `context.callbackWaitsForEmptyEventLoop` is false.

function buildCallbackContext(invocation) {
  let waitsForEmptyEventLoop = true;

  const callback = (err, result) => {
    if (err !== undefined && err !== null) {
      invocation.fail(err);
    } else if (!waitsForEmptyEventLoop) {
      invocation.complete(result);
    } else {
      emptyEventLoop().then(() => {
        try {
          invocation.complete(result);
        } catch (error) {
          invocation.uncaught(error);
        }
      });
    }
  };
  const done = (err, result) => {
    if (err !== undefined && err !== null) invocation.fail(err);
    else invocation.complete(result);
  };
  const succeed = (result) => done(null, result);
  const fail = (err) => (err === undefined || err === null ? done('handled') : done(err, null));

  let finished = false;
  const firstCallOnly =
    (fn) =>
    (...args) => {
      if (!finished) {
        fn(...args);
        finished = true;
      }
    };
  const context = {
    get callbackWaitsForEmptyEventLoop() {
      return waitsForEmptyEventLoop;
    },
    set callbackWaitsForEmptyEventLoop(value) {
      waitsForEmptyEventLoop = value;
    },
    succeed: firstCallOnly(succeed),
    fail: firstCallOnly(fail),
    done: firstCallOnly(done),
  };
  return { callback: firstCallOnly(callback), context, isFinished: () => finished };
}

// The context's data, in the order the Node.js runtime assigns it.
function attachInvocationData(context, request, env) {
  const deadlineMs = request.deadlineMs;
  return Object.assign(
    context,
    {
      functionVersion: request.functionVersion ?? env.AWS_LAMBDA_FUNCTION_VERSION,
      functionName: request.functionName ?? env.AWS_LAMBDA_FUNCTION_NAME,
      memoryLimitInMB: request.memoryLimitInMB ?? env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      logGroupName: request.logGroupName ?? env.AWS_LAMBDA_LOG_GROUP_NAME,
      logStreamName: request.logStreamName ?? env.AWS_LAMBDA_LOG_STREAM_NAME,
    },
    {
      clientContext: request.clientContext,
      identity: request.identity,
      invokedFunctionArn: request.invokedFunctionArn,
      awsRequestId: request.requestId,
      getRemainingTimeInMillis: function () {
        return deadlineMs - Date.now();
      },
    },
  );
}

// nodejs24.x and later: no callback, no `succeed`/`fail`/`done`; the invocation's data first.
function buildModernContext(request, env) {
  const deadlineMs = request.deadlineMs;
  return Object.assign(
    {
      clientContext: request.clientContext,
      identity: request.identity,
      invokedFunctionArn: request.invokedFunctionArn,
      awsRequestId: request.requestId,
      tenantId: request.tenantId,
      xRayTraceId: request.traceId,
      getRemainingTimeInMillis: function () {
        return deadlineMs - Date.now();
      },
    },
    {
      functionName: request.functionName ?? env.AWS_LAMBDA_FUNCTION_NAME,
      functionVersion: request.functionVersion ?? env.AWS_LAMBDA_FUNCTION_VERSION,
      memoryLimitInMB: request.memoryLimitInMB ?? env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      logGroupName: request.logGroupName ?? env.AWS_LAMBDA_LOG_GROUP_NAME,
      logStreamName: request.logStreamName ?? env.AWS_LAMBDA_LOG_STREAM_NAME,
    },
  );
}
