//! Files in and out of the page: downloading a text as a file, reading a chosen file.

use wasm_bindgen::JsCast;

/// Offers `text` as a download named `file_name` (`mime`, e.g. `application/json`).
pub fn download(file_name: &str, text: &str, mime: &str) -> Result<(), String> {
    download_parts(file_name, &[text.to_owned()], mime)
}

/// Offers the file made of `parts` one after another as a download (a large file is written a
/// part at a time, never as one string).
pub fn download_parts(file_name: &str, texts: &[String], mime: &str) -> Result<(), String> {
    let parts: js_sys::Array = texts.iter().map(|t| wasm_bindgen::JsValue::from_str(t)).collect();
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser could not build the file".to_owned())?;
    offer(&blob, file_name)
}

/// Offers `bytes` as a download named `file_name` (a zip).
pub fn download_bytes(file_name: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser could not build the file".to_owned())?;
    offer(&blob, file_name)
}

/// Offers `blob` as a download named `file_name` (a link clicked for the person).
fn offer(blob: &web_sys::Blob, file_name: &str) -> Result<(), String> {
    let url = web_sys::Url::create_object_url_with_blob(blob)
        .map_err(|_| "the browser could not offer the file".to_owned())?;
    let document =
        web_sys::window().and_then(|w| w.document()).ok_or_else(|| "no document".to_owned())?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "no link".to_owned())?
        .dyn_into()
        .map_err(|_| "no link".to_owned())?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// The largest file StepLab reads (a workspace of twenty 25,000-event executions is about
/// 120 MB); a larger one is refused before it is read, so that the page never holds it.
pub const MAX_FILE_BYTES: f64 = 160.0 * 1_000_000.0;

/// Why a file of `bytes` is not read, when it is too large.
pub fn too_large(name: &str, bytes: f64) -> Option<String> {
    (bytes > MAX_FILE_BYTES).then(|| {
        format!(
            "The file {name} is {:.1} MB: StepLab reads files of up to {:.0} MB. Nothing was changed.",
            bytes / 1_000_000.0,
            MAX_FILE_BYTES / 1_000_000.0
        )
    })
}

/// Reads the first file chosen in a file input, as text.
pub async fn read_chosen(input: &web_sys::HtmlInputElement) -> Result<(String, String), String> {
    let file =
        input.files().and_then(|f| f.get(0)).ok_or_else(|| "No file was chosen".to_owned())?;
    if let Some(problem) = too_large(&file.name(), file.size()) {
        return Err(problem);
    }
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|_| format!("The file {} could not be read", file.name()))?;
    Ok((file.name(), text.as_string().unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_too_large_is_refused_with_its_size() {
        assert_eq!(too_large("w.json", 1_000.0), None);
        assert_eq!(
            too_large("w.json", 200.0 * 1_000_000.0).as_deref(),
            Some(
                "The file w.json is 200.0 MB: StepLab reads files of up to 160 MB. Nothing was changed."
            )
        );
    }
}
