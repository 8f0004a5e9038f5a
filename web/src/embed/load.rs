//! Where an embed's content comes from: the address fragment of `embed.html` (the content itself,
//! base64url, or `src=` a JSON file fetched relative to `embed.html`).

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use super::content::{self, Content, Fragment};
use super::view::EmbedView;

enum Loaded {
    Loading,
    Ready(Rc<Content>),
    Problem(String),
}

/// Fetches `url` (relative to the page) as text.
async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| format!("{url}: cannot be fetched ({e:?})"))?;
    let response: web_sys::Response =
        response.dyn_into().map_err(|_| format!("{url}: the fetch gave no response"))?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {} {}", response.status(), response.status_text()));
    }
    let text = JsFuture::from(response.text().map_err(|e| format!("{url}: {e:?}"))?)
        .await
        .map_err(|e| format!("{url}: the body cannot be read ({e:?})"))?;
    text.as_string().ok_or_else(|| format!("{url}: the body is not text"))
}

async fn load(fragment: Fragment) -> Result<Content, String> {
    let mut content = match (&fragment.content, &fragment.src) {
        (Some(text), _) => content::parse(text, "the content in the address")?,
        (None, Some(src)) => content::parse(&fetch_text(src).await?, src)?,
        (None, None) => {
            return Err("Nothing to show: give the content in the address (embed.html#<base64url JSON> or embed.html#src=<URL of a JSON file>), or use the <steplab-embed> element.".into());
        }
    };
    if let Some(mode) = fragment.mode {
        content.mode = mode;
    }
    Ok(content)
}

fn mark_body(name: &str, value: &str) {
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.set_attribute(name, value);
    }
}

/// `embed.html`'s root component.
#[component]
pub fn Embed() -> Html {
    let loaded = use_state(|| Loaded::Loading);
    {
        let loaded = loaded.clone();
        use_effect_with((), move |()| {
            // the embed's executions are in memory only: no heartbeat in localStorage either
            crate::execution::recovery::keep_nothing();
            let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
            match content::parse_fragment(&hash) {
                Err(e) => {
                    loaded.set(Loaded::Problem(e));
                    mark_body("data-ready", "true");
                }
                Ok(fragment) => wasm_bindgen_futures::spawn_local(async move {
                    loaded.set(match load(fragment).await {
                        Ok(content) => Loaded::Ready(Rc::new(content)),
                        Err(e) => Loaded::Problem(e),
                    });
                    mark_body("data-ready", "true");
                }),
            }
            crate::execution::executions_worker::start(crate::driver::on_message);
            crate::lambda_host::warm(|ms| mark_body("data-python-ready", &format!("{ms:.0}")));
        });
    }
    match &*loaded {
        Loaded::Loading => {
            html! { <div class="embed embed-loading" role="status">{ "Loading…" }</div> }
        }
        Loaded::Problem(p) => html! {
            <div class="embed"><div class="flash flash-error" role="alert" id="embed-problem">{ p }</div></div>
        },
        Loaded::Ready(content) => html! { <EmbedView content={content.clone()} /> },
    }
}
