//! The Python side of one execution environment: a RustPython interpreter with the frozen standard
//! library, the sandbox's host module and the frozen bootstrap (`python/`).
//!
//! Rust only moves strings: every call into the bootstrap takes and returns JSON text.

use rustpython_vm::builtins::PyBaseExceptionRef;
use rustpython_vm::{Interpreter, PyObjectRef, PyResult, Settings, VirtualMachine};
use serde::Deserialize;

use crate::aws::{AwsSlot, SharedAwsHost};
use crate::clock::Clock;
#[cfg(not(target_arch = "wasm32"))]
use crate::watchdog::Watchdog;

/// The standard-library modules handlers use (`stdlib.txt`, frozen by `build.rs`). A `static`, not
/// a `const`: a `const` is copied into every codegen unit that names it, and the 4.8 MB of bytecode
/// was twice in the wasm.
pub(crate) static STDLIB: &rustpython_vm::frozen::FrozenLib<[u8]> =
    rustpython_vm::frozen::FrozenLib::from_ref(
        include_bytes!(concat!(env!("OUT_DIR"), "/stdlib.frozen")).as_slice(),
    );

/// StepLab's `boto3` and `botocore` (`sdk/`, frozen by `build.rs`).
pub(crate) static SDK: &rustpython_vm::frozen::FrozenLib<[u8]> =
    rustpython_vm::frozen::FrozenLib::from_ref(
        include_bytes!(concat!(env!("OUT_DIR"), "/sdk.frozen")).as_slice(),
    );

/// The frozen Python of the runtime (`python/`, frozen by `build.rs`): `_steplab_bootstrap`,
/// `_steplab_posix`, `_steplab_context`, `_steplab_marshal`, …
static RUNTIME_PY: &rustpython_vm::frozen::FrozenLib<[u8]> =
    rustpython_vm::frozen::FrozenLib::from_ref(
        include_bytes!(concat!(env!("OUT_DIR"), "/runtime.frozen")).as_slice(),
    );

/// What `init` and `invoke` of the bootstrap report.
#[derive(Debug, Deserialize)]
pub(crate) struct Outcome {
    /// `ok`, `error`, `exit` or `timeout`.
    pub(crate) outcome: String,
    /// The response (or error) body.
    pub(crate) payload: String,
    #[serde(rename = "errorType")]
    pub(crate) error_type: Option<String>,
    #[serde(rename = "exitCode")]
    pub(crate) exit_code: Option<i64>,
}

/// A booted interpreter with the bootstrap imported.
pub(crate) struct Sandbox {
    interpreter: Interpreter,
    bootstrap: PyObjectRef,
    /// The AWS services `boto3` reaches in the running invocation.
    aws: AwsSlot,
    #[cfg(not(target_arch = "wasm32"))]
    watchdog: Watchdog,
}

impl Sandbox {
    /// Creates the interpreter and runs the bootstrap's module code (shims, `json`, `os`).
    pub(crate) fn boot(clock: &Clock) -> Result<Sandbox, String> {
        let mut settings = Settings::default();
        settings.allow_external_library = false;
        settings.import_site = false;
        settings.install_signal_handlers = false;
        settings.ignore_environment = true;
        let builder = Interpreter::builder(settings);
        // RustPython's native modules, without those the sandbox cannot import (its patched
        // standard library, `patches/rustpython-stdlib`): among them the native `_datetime`, which
        // reads `SystemTime::now()` and traps on wasm32, so `datetime` is `_pydatetime`
        let native = rustpython_stdlib::stdlib_module_defs(&builder.ctx);
        let builder = builder
            .add_native_modules(&native)
            .add_frozen_modules(STDLIB)
            .add_frozen_modules(SDK)
            .add_frozen_modules(RUNTIME_PY);
        #[cfg(not(target_arch = "wasm32"))]
        let (builder, watchdog) = {
            let (watchdog, receiver) = Watchdog::new();
            (builder.init_hook(move |vm| vm.set_user_signal_channel(receiver)), watchdog)
        };
        let interpreter = builder.build();
        let clock = clock.clone();
        let aws = AwsSlot::default();
        let bootstrap = interpreter.enter(|vm| -> PyResult<PyObjectRef> {
            install_host_module(vm, clock, aws.clone())?;
            vm.import("_steplab_bootstrap", 0)
        });
        match bootstrap {
            Ok(bootstrap) => Ok(Sandbox {
                interpreter,
                bootstrap,
                aws,
                #[cfg(not(target_arch = "wasm32"))]
                watchdog,
            }),
            Err(exc) => Err(render(&interpreter, &exc)),
        }
    }

    /// Connects (or, with `None`, disconnects) the AWS services of the running invocation.
    pub(crate) fn set_aws(&self, host: Option<SharedAwsHost>) {
        *self.aws.borrow_mut() = host;
    }

    /// Arms the timeout of the phase about to run: `time.sleep` checks it in Python; natively a
    /// watchdog also interrupts code that never sleeps. (In the browser the Worker running the
    /// environment is terminated instead: wasm32 has no second thread to interrupt the first.)
    pub(crate) fn arm(&self, clock: &Clock, deadline_ns: i64) -> Result<Armed, String> {
        self.call_text("set_deadline", vec![Arg::Int(deadline_ns)])?;
        Ok(Armed {
            #[cfg(not(target_arch = "wasm32"))]
            _watchdog: self.watchdog.arm(clock.clone(), deadline_ns),
            #[cfg(target_arch = "wasm32")]
            _clock: clock.clone(),
        })
    }

    /// Disarms the timeout once the phase is over.
    pub(crate) fn disarm(&self, armed: Armed) {
        drop(armed);
        let _ = self.call_text("set_deadline", vec![Arg::None]);
    }

    /// Calls `_steplab_bootstrap.<function>(*args)`, which returns an [`Outcome`] as JSON.
    pub(crate) fn call(&self, function: &'static str, args: Vec<Arg>) -> Result<Outcome, String> {
        let text = self.interpreter.enter(|vm| -> PyResult<String> {
            let args: Vec<PyObjectRef> = args.into_iter().map(|a| a.into_py(vm)).collect();
            let result = self.bootstrap.get_attr(function, vm)?.call(args, vm)?;
            Ok(result.str(vm)?.to_string_lossy().into_owned())
        });
        let text = text.map_err(|exc| render(&self.interpreter, &exc))?;
        serde_json::from_str(&text)
            .map_err(|e| format!("bad outcome from the bootstrap: {e}: {text}"))
    }

    /// Calls a bootstrap function that returns a string (`take_log`) or nothing (`set_deadline`).
    pub(crate) fn call_text(
        &self,
        function: &'static str,
        args: Vec<Arg>,
    ) -> Result<String, String> {
        let text = self.interpreter.enter(|vm| -> PyResult<String> {
            let args: Vec<PyObjectRef> = args.into_iter().map(|a| a.into_py(vm)).collect();
            let result = self.bootstrap.get_attr(function, vm)?.call(args, vm)?;
            Ok(result.str(vm)?.to_string_lossy().into_owned())
        });
        text.map_err(|exc| render(&self.interpreter, &exc))
    }
}

/// A running phase's timeout; dropping it stops the watchdog.
pub(crate) struct Armed {
    #[cfg(not(target_arch = "wasm32"))]
    _watchdog: crate::watchdog::Armed,
    #[cfg(target_arch = "wasm32")]
    _clock: Clock,
}

/// An argument of a bootstrap call.
pub(crate) enum Arg {
    Str(String),
    Int(i64),
    None,
}

impl Arg {
    fn into_py(self, vm: &VirtualMachine) -> PyObjectRef {
        match self {
            Arg::Str(s) => vm.ctx.new_str(s).into(),
            Arg::Int(i) => vm.ctx.new_int(i).into(),
            Arg::None => vm.ctx.none(),
        }
    }
}

/// The traceback of an exception that escaped the bootstrap (a bug of the sandbox, not of the user).
fn render(interpreter: &Interpreter, exc: &PyBaseExceptionRef) -> String {
    let mut text = String::new();
    interpreter.enter(|vm| {
        if vm.write_exception(&mut text, exc).is_err() {
            text.push_str("(the exception could not be rendered)");
        }
    });
    text
}

/// `_steplab_host`: the sandbox's only native module (clock, randomness, JSON, CPython's syntax
/// errors per version, the AWS services of `boto3`).
fn install_host_module(vm: &VirtualMachine, clock: Clock, aws: AwsSlot) -> PyResult<()> {
    let dict = vm.ctx.new_dict();
    let now = clock.clone();
    dict.set_item("now_ns", vm.new_function("now_ns", move || now.now_ns()).into(), vm)?;
    let sleeper = clock.clone();
    dict.set_item(
        "sleep_ns",
        vm.new_function("sleep_ns", move |ns: i64| sleeper.advance_ns(ns)).into(),
        vm,
    )?;
    dict.set_item(
        "urandom",
        vm.new_function("urandom", |size: usize, vm: &VirtualMachine| -> PyResult {
            let mut bytes = vec![0u8; size];
            getrandom::fill(&mut bytes)
                .map_err(|e| vm.new_os_error(format!("urandom failed: {e}")))?;
            Ok(vm.ctx.new_bytes(bytes).into())
        })
        .into(),
        vm,
    )?;
    dict.set_item("json_loads", vm.new_function("json_loads", crate::json::loads).into(), vm)?;
    dict.set_item("encode_str", vm.new_function("encode_str", crate::json::encode_str).into(), vm)?;
    let unicode = crate::json::encode_str_unicode;
    dict.set_item("encode_str_unicode", vm.new_function("encode_str_unicode", unicode).into(), vm)?;
    let aws_call = move |service: String, operation: String, input: String, vm: &VirtualMachine| {
        crate::aws::host_call(&aws, &service, &operation, &input, vm)
    };
    dict.set_item("aws_call", vm.new_function("aws_call", aws_call).into(), vm)?;
    let compile = crate::syntax::host_compile_module;
    dict.set_item("compile_module", vm.new_function("compile_module", compile).into(), vm)?;
    let stdlib_source = crate::stdlib_source::host_stdlib_source;
    dict.set_item("stdlib_source", vm.new_function("stdlib_source", stdlib_source).into(), vm)?;
    let module = vm.new_module("_steplab_host", dict, None);
    vm.sys_module.get_attr("modules", vm)?.set_item("_steplab_host", module.into(), vm)
}

#[cfg(test)]
mod tests {
    /// What the frozen `boto3` and `botocore` add to the runtime: their modules' LZ4 blocks as
    /// `build.rs` stores them (written to `$TMPDIR/steplab-boto3.frozen` to measure compressed).
    #[test]
    fn boto3_is_small() {
        let mut stored = Vec::new();
        let mut bytecode = 0usize;
        let mut modules = 0;
        for (name, module) in super::SDK {
            if name == "boto3"
                || name == "botocore"
                || name.starts_with("boto3.")
                || name.starts_with("botocore.")
            {
                let bytes = module.code.bytes;
                stored.extend_from_slice(bytes);
                // an LZ4 block with its uncompressed size prepended (little-endian u32)
                let size: [u8; 4] = bytes[..4].try_into().unwrap_or_default();
                bytecode += u32::from_le_bytes(size) as usize;
                modules += 1;
            }
        }
        let _ = std::fs::write(std::env::temp_dir().join("steplab-boto3.frozen"), &stored);
        println!(
            "boto3 + botocore: {modules} modules, {bytecode} bytes of bytecode, {} stored",
            stored.len()
        );
        assert!(modules >= 15, "{modules} modules");
        assert!(stored.len() < 200_000, "{} bytes", stored.len());
    }
}
