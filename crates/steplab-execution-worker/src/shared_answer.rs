//! Answers a Python function's Worker that waits on shared memory for the target of its
//! synchronous `Invoke` (see [`steplab_runner::protocol::WorkerReply::InvokeElsewhere`]): the
//! answer's JSON goes after the buffer's 8-byte header (grown to fit when the browser can grow
//! it), its length in the header's second `i32`, then the first is set to 1 and the waiting
//! Worker woken.

use steplab_runner::protocol::ElsewhereAnswer;
use wasm_bindgen::JsValue;

const HEADER_BYTES: u32 = 8;

/// Writes `answer` into `buffer` and wakes the Worker waiting on it.
pub(crate) fn write(buffer: &JsValue, answer: &ElsewhereAnswer) {
    let text = serde_json::to_vec(answer).unwrap_or_default();
    let bytes = match fit(buffer, &text) {
        Ok(()) => text,
        Err(why) => {
            let failed: ElsewhereAnswer = Err(why);
            let text = serde_json::to_vec(&failed).unwrap_or_default();
            if fit(buffer, &text).is_err() {
                return;
            }
            text
        }
    };
    let Ok(length) = u32::try_from(bytes.len()) else { return };
    js_sys::Uint8Array::new_with_byte_offset_and_length(buffer, HEADER_BYTES, length)
        .copy_from(&bytes);
    let header = js_sys::Int32Array::new_with_byte_offset_and_length(buffer, 0, 2);
    let _ = js_sys::Atomics::store(&header, 1, i32::try_from(length).unwrap_or(i32::MAX));
    let _ = js_sys::Atomics::store(&header, 0, 1);
    let _ = js_sys::Atomics::notify(&header, 0);
}

/// Makes room for `text` after the header, growing the buffer if it must.
fn fit(buffer: &JsValue, text: &[u8]) -> Result<(), String> {
    let needed = u32::try_from(text.len()).unwrap_or(u32::MAX).saturating_add(HEADER_BYTES);
    let size = |b: &JsValue| {
        js_sys::Reflect::get(b, &"byteLength".into()).ok().and_then(|v| v.as_f64()).unwrap_or(0.0)
    };
    if size(buffer) >= f64::from(needed) {
        return Ok(());
    }
    let grow = js_sys::Reflect::get(buffer, &"grow".into())
        .ok()
        .and_then(|g| wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(g).ok());
    if let Some(grow) = grow
        && grow.call1(buffer, &needed.into()).is_ok()
        && size(buffer) >= f64::from(needed)
    {
        return Ok(());
    }
    Err(format!(
        "the target's answer ({} bytes) is larger than StepLab can hand to a waiting Python function",
        text.len()
    ))
}
