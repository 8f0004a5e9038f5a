//! Offline use: registers the service worker `sw.js` (copied next to index.html by Trunk) with a
//! relative URL, so that a visited StepLab keeps working with no network, from whatever path the
//! site is served. Browsers without service workers (or pages not served over http(s)) skip it.
//! The outcome is written on `<body data-service-worker="registered">` (or `refused: …`).

use wasm_bindgen::JsCast as _;
use wasm_bindgen::JsValue;

/// The service worker's file, relative to the page.
pub const SERVICE_WORKER: &str = "./sw.js";

pub fn register_service_worker() {
    let Some(window) = web_sys::window() else { return };
    let get = |target: &JsValue, key: &str| {
        js_sys::Reflect::get(target, &key.into()).ok().filter(|v| !v.is_undefined() && !v.is_null())
    };
    let protocol = window.location().protocol().unwrap_or_default();
    if protocol != "http:" && protocol != "https:" {
        return;
    }
    let Some(container) = get(&window, "navigator").and_then(|n| get(&n, "serviceWorker")) else {
        return;
    };
    let Some(register) =
        get(&container, "register").and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return;
    };
    if let Ok(promise) = register.call1(&container, &SERVICE_WORKER.into())
        && let Ok(promise) = promise.dyn_into::<js_sys::Promise>()
    {
        wasm_bindgen_futures::spawn_local(async move {
            // a refusal leaves StepLab working online; the page's body says why
            let outcome = match wasm_bindgen_futures::JsFuture::from(promise).await {
                Ok(_) => "registered".to_owned(),
                Err(e) => format!("refused: {}", e.as_string().unwrap_or_else(|| format!("{e:?}"))),
            };
            if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body())
            {
                let _ = body.set_attribute("data-service-worker", &outcome);
            }
        });
    }
}
