//! ListObjectsV2: keys in UTF-8 binary order, `Prefix`, `Delimiter` and `CommonPrefixes`,
//! `MaxKeys`, `StartAfter`, `ContinuationToken`.

use std::ops::Bound;

use base64::Engine as _;
use serde_json::{Map, Value, json};

use super::Bucket;
use super::errors::invalid_argument;
use super::object::timestamp;
use crate::ServiceError;
use crate::input::{int_of, str_of};

/// An entry of a listing: an object's key or a common prefix.
enum Entry<'a> {
    Key(&'a str),
    Prefix(String),
}

/// StepLab's continuation tokens are the last entry listed, base64-encoded; S3's are opaque.
fn token_of(last: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(last)
}

fn entry_of_token(token: &str) -> Result<String, ServiceError> {
    base64::engine::general_purpose::STANDARD
        .decode(token)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(|| invalid_argument("The continuation token provided is incorrect"))
}

pub(crate) fn list_v2(bucket: &Bucket, input: &Value) -> Result<Value, ServiceError> {
    let prefix = str_of(input, "Prefix").unwrap_or("");
    let delimiter = str_of(input, "Delimiter").filter(|d| !d.is_empty());
    let max_keys = match int_of(input, "MaxKeys") {
        Some(m) if m < 0 => {
            return Err(invalid_argument(
                "Argument maxKeys must be an integer between 0 and 2147483647",
            ));
        }
        // S3 gives at most 1,000 keys a page; what it echoes as MaxKeys above 1,000, and whether a
        // listing with MaxKeys 0 is truncated, are not confirmed
        Some(m) => m.min(1000) as usize,
        None => 1000,
    };
    let token = str_of(input, "ContinuationToken");
    let start_after = str_of(input, "StartAfter");
    let start = match token {
        Some(t) => Some(entry_of_token(t)?),
        None => start_after.map(str::to_string),
    };
    let lower = match &start {
        Some(s) => Bound::Excluded(s.clone()),
        None => Bound::Unbounded,
    };

    let mut entries: Vec<Entry<'_>> = Vec::new();
    let mut truncated = false;
    for (key, _) in bucket.objects.range::<String, _>((lower, Bound::Unbounded)) {
        if !key.starts_with(prefix) {
            // the keys under a prefix are contiguous: past them, none follow
            if key.as_str() > prefix {
                break;
            }
            continue;
        }
        let entry = match delimiter.and_then(|d| key[prefix.len()..].find(d).map(|i| (i, d))) {
            Some((i, d)) => {
                let common = key[..prefix.len() + i + d.len()].to_string();
                // a common prefix already listed (on this page or, by the token, an earlier one)
                let listed = matches!(entries.last(), Some(Entry::Prefix(p)) if *p == common);
                if listed || start.as_deref() == Some(common.as_str()) {
                    continue;
                }
                Entry::Prefix(common)
            }
            None => Entry::Key(key),
        };
        if entries.len() == max_keys {
            truncated = true;
            break;
        }
        entries.push(entry);
    }

    let mut contents = Vec::new();
    let mut common_prefixes = Vec::new();
    for entry in &entries {
        match entry {
            Entry::Key(key) => {
                let object = &bucket.objects[*key];
                contents.push(json!({
                    "Key": key,
                    "LastModified": timestamp(object.last_modified_millis),
                    "ETag": object.etag,
                    "Size": object.body.len(),
                    "StorageClass": "STANDARD",
                }));
            }
            Entry::Prefix(p) => common_prefixes.push(json!({"Prefix": p})),
        }
    }
    let mut out = Map::new();
    out.insert("IsTruncated".into(), json!(truncated));
    if !contents.is_empty() {
        out.insert("Contents".into(), Value::Array(contents));
    }
    out.insert("Name".into(), json!(bucket.name));
    out.insert("Prefix".into(), json!(prefix));
    if let Some(d) = delimiter {
        out.insert("Delimiter".into(), json!(d));
    }
    out.insert("MaxKeys".into(), json!(max_keys));
    if !common_prefixes.is_empty() {
        out.insert("CommonPrefixes".into(), Value::Array(common_prefixes));
    }
    out.insert("KeyCount".into(), json!(entries.len()));
    if let Some(t) = token {
        out.insert("ContinuationToken".into(), json!(t));
    }
    if truncated && let Some(last) = entries.last() {
        let last = match last {
            Entry::Key(k) => k.to_string(),
            Entry::Prefix(p) => p.clone(),
        };
        out.insert("NextContinuationToken".into(), json!(token_of(&last)));
    }
    if let Some(s) = start_after {
        out.insert("StartAfter".into(), json!(s));
    }
    Ok(Value::Object(out))
}
