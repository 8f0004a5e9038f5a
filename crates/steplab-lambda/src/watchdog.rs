//! Natively, a thread that interrupts the interpreter when the running phase outlives its deadline.
//!
//! It sends RustPython a "user signal" (checked between bytecode instructions) that raises the
//! bootstrap's `_SandboxTimeout`, so even `while True: pass` ends with `Sandbox.Timedout`, with
//! no cost to the code while it runs. The browser build has no second thread: there the Worker
//! that hosts the environment is terminated instead.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rustpython_vm::builtins::PyTypeRef;
use rustpython_vm::signal::{UserSignalReceiver, UserSignalSender, user_signal_channel};
use rustpython_vm::{PyResult, VirtualMachine};

use crate::clock::Clock;

/// How often the watchdog looks at the clock (and re-sends the interrupt until it lands: the
/// interpreter's "signal pending" bit is process-wide, another interpreter may consume it).
const POLL: Duration = Duration::from_millis(10);

/// How far past the deadline the watchdog lets the clock go before it interrupts. A `time.sleep`
/// that reaches the deadline moves the clock exactly there and raises the timeout itself; the
/// interrupt must not land again while the bootstrap handles that timeout.
const GRACE_NS: i64 = 200_000_000;

pub(crate) struct Watchdog {
    sender: UserSignalSender,
}

/// Stops the watchdog thread of one phase when dropped.
pub(crate) struct Armed {
    done: Arc<AtomicBool>,
}

impl Drop for Armed {
    fn drop(&mut self) {
        self.done.store(true, Ordering::SeqCst);
    }
}

impl Watchdog {
    pub(crate) fn new() -> (Watchdog, UserSignalReceiver) {
        let (sender, receiver) = user_signal_channel();
        (Watchdog { sender }, receiver)
    }

    pub(crate) fn arm(&self, clock: Clock, deadline_ns: i64) -> Armed {
        let done = Arc::new(AtomicBool::new(false));
        let finished = Arc::clone(&done);
        let sender = self.sender.clone();
        #[allow(
            clippy::disallowed_methods,
            reason = "native build only: the browser terminates its Worker instead"
        )]
        let spawned =
            std::thread::Builder::new().name("lambda-timeout".to_owned()).spawn(move || {
                while !finished.load(Ordering::SeqCst) {
                    let remaining_ns = deadline_ns + GRACE_NS - clock.now_ns();
                    if remaining_ns > 0 {
                        let wait = u64::try_from(remaining_ns).unwrap_or(0);
                        std::thread::sleep(POLL.min(Duration::from_nanos(wait)));
                        continue;
                    }
                    let still_running = Arc::clone(&finished);
                    let interrupt = Box::new(move |vm: &VirtualMachine| -> PyResult<()> {
                        if still_running.load(Ordering::SeqCst) {
                            Ok(())
                        } else {
                            Err(timeout_error(vm)?)
                        }
                    });
                    if sender.send(interrupt).is_err() {
                        return;
                    }
                    std::thread::sleep(POLL);
                }
            });
        // without a thread only `time.sleep` can time out, as in the browser
        drop(spawned);
        Armed { done }
    }
}

/// The bootstrap's `_SandboxTimeout` (a `BaseException`, so `except Exception` cannot swallow it).
fn timeout_error(vm: &VirtualMachine) -> PyResult<rustpython_vm::builtins::PyBaseExceptionRef> {
    let class = vm.import("_steplab_bootstrap", 0)?.get_attr("_SandboxTimeout", vm)?;
    let class = class
        .downcast::<rustpython_vm::builtins::PyType>()
        .map_err(|_| vm.new_type_error("_SandboxTimeout is not a class"))?;
    let class: PyTypeRef = class;
    Ok(vm.new_exception_empty(class))
}
