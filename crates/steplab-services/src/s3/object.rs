//! Objects: PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects, CopyObject.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::Bucket;
use super::errors::{missing, no_key};
use crate::ServiceError;
use crate::input::{bool_of, list_of, md5_hex, str_of, string_map};
use crate::time::iso8601_seconds;

/// Headers an object keeps and gives back.
const HEADERS: [&str; 4] =
    ["CacheControl", "ContentDisposition", "ContentEncoding", "ContentLanguage"];

/// An object. Its body is kept as the string the call gave (StepLab's calls carry JSON, so a body
/// is text); `ContentLength` and the ETag are those of its UTF-8 bytes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Object {
    pub body: String,
    pub content_type: String,
    /// User metadata, keys in lowercase (S3 sends them as `x-amz-meta-*` headers).
    pub metadata: BTreeMap<String, String>,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The quoted hex MD5 of the body.
    pub etag: String,
    pub last_modified_millis: i64,
}

/// S3's `Last-Modified` has whole seconds; StepLab writes it in ISO-8601. How Step Functions'
/// aws-sdk integrations render S3's timestamps is not confirmed.
pub(crate) fn timestamp(millis: i64) -> String {
    iso8601_seconds(millis)
}

impl Object {
    fn new(body: &str, input: &Value, now: i64) -> Self {
        Self {
            body: body.into(),
            // S3's type for an object stored without one
            content_type: str_of(input, "ContentType").unwrap_or("binary/octet-stream").into(),
            metadata: string_map(input, "Metadata")
                .into_iter()
                .map(|(k, v)| (k.to_lowercase(), v))
                .collect(),
            headers: HEADERS
                .iter()
                .filter_map(|h| str_of(input, h).map(|v| (h.to_string(), v.to_string())))
                .collect(),
            etag: format!("\"{}\"", md5_hex(body.as_bytes())),
            last_modified_millis: now / 1000 * 1000,
        }
    }

    /// HeadObject's output; GetObject adds `Body`.
    fn head(&self) -> Map<String, Value> {
        let mut out = Map::new();
        out.insert("AcceptRanges".into(), json!("bytes"));
        out.insert("LastModified".into(), json!(timestamp(self.last_modified_millis)));
        out.insert("ContentLength".into(), json!(self.body.len()));
        out.insert("ETag".into(), json!(self.etag));
        for (k, v) in &self.headers {
            out.insert(k.clone(), json!(v));
        }
        out.insert("ContentType".into(), json!(self.content_type));
        // S3 encrypts every new object with SSE-S3 since January 2023
        out.insert("ServerSideEncryption".into(), json!("AES256"));
        out.insert("Metadata".into(), json!(self.metadata));
        out
    }
}

fn key_of(input: &Value) -> Result<&str, ServiceError> {
    str_of(input, "Key").filter(|k| !k.is_empty()).ok_or_else(|| missing("Key"))
}

pub(crate) fn put(bucket: &mut Bucket, input: &Value, now: i64) -> Result<Value, ServiceError> {
    let key = key_of(input)?;
    let body = match input.get("Body") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        // a JSON body that is not a string is stored as its JSON text
        Some(other) => other.to_string(),
    };
    let object = Object::new(&body, input, now);
    let etag = object.etag.clone();
    bucket.objects.insert(key.into(), object);
    Ok(json!({"ETag": etag, "ServerSideEncryption": "AES256"}))
}

pub(crate) fn get(bucket: &Bucket, input: &Value) -> Result<Value, ServiceError> {
    let object = bucket.objects.get(key_of(input)?).ok_or_else(no_key)?;
    let mut out = object.head();
    out.insert("Body".into(), json!(object.body));
    Ok(Value::Object(out))
}

pub(crate) fn head(bucket: &Bucket, input: &Value) -> Result<Value, ServiceError> {
    let object = bucket.objects.get(key_of(input)?).ok_or_else(super::errors::head_not_found)?;
    Ok(Value::Object(object.head()))
}

/// DeleteObject: deleting a key that does not exist succeeds (S3 answers 204 either way).
pub(crate) fn delete(bucket: &mut Bucket, input: &Value) -> Result<Value, ServiceError> {
    bucket.objects.remove(key_of(input)?);
    Ok(json!({}))
}

pub(crate) fn delete_many(bucket: &mut Bucket, input: &Value) -> Result<Value, ServiceError> {
    let delete = input.get("Delete").ok_or_else(|| missing("Delete"))?;
    let objects = list_of(delete, "Objects");
    if objects.is_empty() || objects.len() > 1000 {
        return Err(ServiceError::client(
            "MalformedXML",
            "The XML you provided was not well-formed or did not validate against our published schema",
        ));
    }
    let quiet = bool_of(delete, "Quiet").unwrap_or(false);
    let mut deleted = Vec::new();
    for object in objects {
        let key = str_of(object, "Key").ok_or_else(|| missing("Key"))?;
        deleted.push(json!({"Key": key}));
    }
    for object in objects {
        bucket.objects.remove(str_of(object, "Key").unwrap_or(""));
    }
    Ok(if quiet || deleted.is_empty() { json!({}) } else { json!({"Deleted": deleted}) })
}

/// Decodes `%XX` escapes (CopySource is URL-encoded).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `CopySource` as `bucket/key` (or `/bucket/key`, URL-encoded, `?versionId=` ignored).
pub(crate) fn copy_source(input: &Value) -> Result<(String, String), ServiceError> {
    let source = str_of(input, "CopySource").ok_or_else(|| missing("CopySource"))?;
    let source = source.split("?versionId=").next().unwrap_or(source);
    let source = percent_decode(source.trim_start_matches('/'));
    match source.split_once('/') {
        Some((b, k)) if !b.is_empty() && !k.is_empty() => Ok((b.into(), k.into())),
        _ => Err(super::errors::invalid_argument("Invalid copy source object key")),
    }
}

/// CopyObject's new object, from the source object: metadata and content type copied, or
/// replaced with `MetadataDirective: REPLACE`.
pub(crate) fn copied(
    source: &Object,
    input: &Value,
    same: bool,
    now: i64,
) -> Result<Object, ServiceError> {
    let replace = str_of(input, "MetadataDirective") == Some("REPLACE");
    if same && !replace {
        return Err(ServiceError::client(
            "InvalidRequest",
            "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
        ));
    }
    let mut object = if replace {
        Object::new(&source.body, input, now)
    } else {
        Object { last_modified_millis: now / 1000 * 1000, ..source.clone() }
    };
    object.etag = source.etag.clone();
    Ok(object)
}

pub(crate) fn copy_output(object: &Object) -> Value {
    json!({
        "CopyObjectResult": {"ETag": object.etag, "LastModified": timestamp(object.last_modified_millis)},
        "ServerSideEncryption": "AES256"
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_copy_sources() {
        assert_eq!(percent_decode("a%20b%2Fc"), "a b/c");
        assert_eq!(percent_decode("100%"), "100%");
        let input = json!({"CopySource": "/bucket/dir%2Fkey.txt?versionId=x"});
        assert_eq!(copy_source(&input).unwrap(), ("bucket".into(), "dir/key.txt".into()));
    }
}
