//! A synchronous `Invoke` whose target runs in another Worker (a Node.js function): this Worker
//! runs Python synchronously, so it posts the target's invocation to the execution Worker with a
//! `SharedArrayBuffer` and blocks on it (`Atomics.wait`, allowed in a Worker) until the execution
//! Worker has run the target and written the answer there (see
//! [`steplab_runner::protocol::WorkerReply::InvokeElsewhere`] for the buffer's layout).
//!
//! Shared memory needs a cross-origin isolated page: StepLab's service worker serves the site
//! with the headers that make it so (`web/sw.js`), from the first load it controls on. Without
//! it, the caller gets a message that says why and what to do.

use steplab_runner::LambdaReply;
use steplab_runner::handler_aws::NestedInvoke;
use steplab_runner::protocol::{ElsewhereAnswer, WorkerReply};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::DedicatedWorkerGlobalScope;

/// The buffer's first size: the execution Worker grows it when an answer does not fit.
const FIRST_BYTES: u32 = 1 << 20;

/// The largest answer (a 6 MB payload, its log and the SDK calls it made, with room).
const MAX_BYTES: u32 = 64 << 20;

/// The header: the state (0 waiting, 1 answered) and the answer's length in bytes.
pub(crate) const HEADER_BYTES: u32 = 8;

/// Whether this Worker may share memory with others (`crossOriginIsolated`).
pub(crate) fn isolated() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &"crossOriginIsolated".into())
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// A `SharedArrayBuffer` that can grow to [`MAX_BYTES`] (a fixed one where the browser cannot
/// grow them).
fn growable_buffer() -> Result<JsValue, String> {
    let constructor = js_sys::Reflect::get(&js_sys::global(), &"SharedArrayBuffer".into())
        .ok()
        .and_then(|c| c.dyn_into::<js_sys::Function>().ok())
        .ok_or("this browser has no SharedArrayBuffer")?;
    let options = js_sys::Object::new();
    let _ =
        js_sys::Reflect::set(&options, &"maxByteLength".into(), &(MAX_BYTES + HEADER_BYTES).into());
    let arguments = js_sys::Array::of2(&(FIRST_BYTES + HEADER_BYTES).into(), &options);
    js_sys::Reflect::construct(&constructor, &arguments)
        .map_err(|e| format!("cannot make a SharedArrayBuffer: {e:?}"))
}

/// Has the execution Worker run `nested` (the target of a synchronous `Invoke` from invocation
/// `id`) and waits for its answer.
pub(crate) fn invoke(id: u32, nested: &NestedInvoke) -> Result<Option<LambdaReply>, String> {
    let text = serde_json::to_string(&WorkerReply::InvokeElsewhere { id, nested: nested.clone() })
        .map_err(|e| e.to_string())?;
    let buffer = growable_buffer()?;
    let header = js_sys::Int32Array::new_with_byte_offset_and_length(&buffer, 0, 2);
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    scope
        .post_message(&js_sys::Array::of2(&text.into(), &buffer))
        .map_err(|e| format!("cannot reach the execution Worker: {e:?}"))?;
    // the caller's own timeout bounds the wait: the execution Worker ends this Worker then
    while js_sys::Atomics::load(&header, 0).map_err(|e| format!("{e:?}"))? == 0 {
        js_sys::Atomics::wait(&header, 0, 0).map_err(|e| format!("cannot wait: {e:?}"))?;
    }
    let length = js_sys::Atomics::load(&header, 1).map_err(|e| format!("{e:?}"))?;
    let length = u32::try_from(length).map_err(|_| "a negative answer length".to_owned())?;
    let bytes =
        js_sys::Uint8Array::new_with_byte_offset_and_length(&buffer, HEADER_BYTES, length).to_vec();
    serde_json::from_slice::<ElsewhereAnswer>(&bytes)
        .map_err(|e| format!("the execution Worker's answer cannot be read: {e}"))?
}
