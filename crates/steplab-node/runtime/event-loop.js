// The part of the event loop the runtime can see in every host: the timers. `setTimeout`,
// `setInterval` and `setImmediate` are wrapped to count what is pending, so that "the event loop is
// empty" (what a callback handler's response waits for) means "no timer is pending"; an exception a
// timer's callback throws is the environment's uncaught exception.

const loop = {
  pending: new Set(),
  waiters: [],
  onUncaught: (error) => {
    throw error;
  },
};

const hostSetTimeout = globalThis.setTimeout.bind(globalThis);
const hostClearTimeout = globalThis.clearTimeout.bind(globalThis);
const hostSetInterval = globalThis.setInterval.bind(globalThis);
const hostClearInterval = globalThis.clearInterval.bind(globalThis);

function settleTimer(handle) {
  loop.pending.delete(handle);
  if (loop.pending.size === 0) {
    const waiters = loop.waiters.splice(0);
    for (const resolve of waiters) hostSetTimeout(resolve, 0);
  }
}

function guarded(callback, args) {
  try {
    if (typeof callback === 'function') callback(...args);
  } catch (error) {
    loop.onUncaught(error);
  }
}

function patchTimers() {
  globalThis.setTimeout = (callback, delay, ...args) => {
    const handle = hostSetTimeout(() => {
      settleTimer(handle);
      guarded(callback, args);
    }, delay);
    loop.pending.add(handle);
    return handle;
  };
  globalThis.clearTimeout = (handle) => {
    hostClearTimeout(handle);
    if (loop.pending.has(handle)) settleTimer(handle);
  };
  globalThis.setInterval = (callback, delay, ...args) => {
    const handle = hostSetInterval(() => guarded(callback, args), delay);
    loop.pending.add(handle);
    return handle;
  };
  globalThis.clearInterval = (handle) => {
    hostClearInterval(handle);
    if (loop.pending.has(handle)) settleTimer(handle);
  };
  globalThis.setImmediate = (callback, ...args) => globalThis.setTimeout(callback, 0, ...args);
  globalThis.clearImmediate = (handle) => globalThis.clearTimeout(handle);
}

// Resolves once no timer is pending (after the microtasks queued so far have run).
function emptyEventLoop() {
  return new Promise((resolve) => {
    hostSetTimeout(() => {
      if (loop.pending.size === 0) resolve();
      else loop.waiters.push(resolve);
    }, 0);
  });
}
