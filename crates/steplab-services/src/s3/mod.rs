//! Amazon S3 in memory, with the SDK's operation shapes (`Bucket`, `Key`, `Body`, `ContentType`,
//! `Metadata`…).
//!
//! Operations: CreateBucket, ListBuckets, DeleteBucket, HeadBucket, PutObject, GetObject,
//! HeadObject, DeleteObject, DeleteObjects, CopyObject, ListObjectsV2.
//!
//! A body is kept as the string the call gives (StepLab's calls carry JSON; binary bodies are
//! not emulated; a JSON `Body` that is not a string is stored as its JSON text); `ContentLength`
//! and the ETag (the quoted hex MD5) are those of its UTF-8 bytes. HeadBucket and HeadObject fail
//! with a bare 404 (code `404`, as botocore reports a HEAD response without a body).
//! `LastModified` and `CreationDate` are ISO-8601 to the second (`2023-11-14T22:13:20Z`): how
//! Step Functions' aws-sdk integrations render S3's timestamps is not confirmed.
//!
//! Not emulated: versioning, multipart uploads, ranges and conditional requests, checksums,
//! ACLs and policies, the bucket name space shared with other accounts, ListObjects (v1),
//! `EncodingType`, storage classes other than `STANDARD`, tagging, event notifications, and
//! ListBuckets' `Owner`.

mod errors;
mod list;
mod object;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

pub use object::Object;

use crate::input::str_of;
use crate::{Context, Response, ServiceError};
use errors::{missing, no_bucket};

/// A bucket and its objects, by key (`BTreeMap` orders `String`s by their UTF-8 bytes, S3's
/// listing order).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Bucket {
    pub name: String,
    pub region: String,
    pub created_millis: i64,
    #[serde(default)]
    pub objects: BTreeMap<String, Object>,
}

/// Every bucket, by name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct S3 {
    pub buckets: BTreeMap<String, Bucket>,
}

/// S3's rules for a bucket name: 3 to 63 lowercase letters, digits, dots and hyphens, beginning
/// and ending with a letter or digit, no two dots in a row, not an IP address.
fn valid_bucket_name(name: &str) -> bool {
    let edges_ok =
        |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (3..=63).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        && edges_ok(name.chars().next())
        && edges_ok(name.chars().last())
        && !name.contains("..")
        && !(name.split('.').count() == 4 && name.split('.').all(|p| p.parse::<u8>().is_ok()))
}

impl S3 {
    /// Calls `operation` with `input`.
    pub fn call(
        &mut self,
        operation: &str,
        input: &Value,
        context: &Context,
    ) -> Result<Response, ServiceError> {
        let now = context.now_millis;
        let output = match operation {
            "CreateBucket" => self.create_bucket(input, context)?,
            "ListBuckets" => {
                let buckets: Vec<Value> = self
                    .buckets
                    .values()
                    .map(|b| {
                        json!({"Name": b.name, "CreationDate": object::timestamp(b.created_millis),
                               "BucketRegion": b.region})
                    })
                    .collect();
                json!({"Buckets": buckets})
            }
            "DeleteBucket" => {
                let bucket = self.bucket(input)?;
                if !bucket.objects.is_empty() {
                    return Err(errors::not_empty());
                }
                let name = bucket.name.clone();
                self.buckets.remove(&name);
                json!({})
            }
            "HeadBucket" => {
                let name = str_of(input, "Bucket").ok_or_else(|| missing("Bucket"))?;
                let bucket = self.buckets.get(name).ok_or_else(errors::head_not_found)?;
                json!({"BucketRegion": bucket.region, "AccessPointAlias": false})
            }
            "PutObject" => object::put(self.bucket_mut(input)?, input, now)?,
            "GetObject" => object::get(self.bucket(input)?, input)?,
            "HeadObject" => {
                let name = str_of(input, "Bucket").ok_or_else(|| missing("Bucket"))?;
                let bucket = self.buckets.get(name).ok_or_else(errors::head_not_found)?;
                object::head(bucket, input)?
            }
            "DeleteObject" => object::delete(self.bucket_mut(input)?, input)?,
            "DeleteObjects" => object::delete_many(self.bucket_mut(input)?, input)?,
            "CopyObject" => {
                let key = str_of(input, "Key").ok_or_else(|| missing("Key"))?.to_string();
                let target = self.bucket(input)?.name.clone();
                let (source_bucket, source_key) = object::copy_source(input)?;
                let source = self.buckets.get(&source_bucket).ok_or_else(no_bucket)?;
                let source = source.objects.get(&source_key).ok_or_else(errors::no_key)?;
                let same = source_bucket == target && source_key == key;
                let copy = object::copied(source, input, same, now)?;
                let output = object::copy_output(&copy);
                self.buckets.get_mut(&target).expect("checked").objects.insert(key, copy);
                output
            }
            "ListObjectsV2" => list::list_v2(self.bucket(input)?, input)?,
            _ => return Err(ServiceError::unknown_operation("s3", operation)),
        };
        Ok(Response::output(output))
    }

    fn bucket(&self, input: &Value) -> Result<&Bucket, ServiceError> {
        let name = str_of(input, "Bucket").ok_or_else(|| missing("Bucket"))?;
        self.buckets.get(name).ok_or_else(no_bucket)
    }

    fn bucket_mut(&mut self, input: &Value) -> Result<&mut Bucket, ServiceError> {
        let name = str_of(input, "Bucket").ok_or_else(|| missing("Bucket"))?;
        self.buckets.get_mut(name).ok_or_else(no_bucket)
    }

    fn create_bucket(&mut self, input: &Value, context: &Context) -> Result<Value, ServiceError> {
        let name = str_of(input, "Bucket").ok_or_else(|| missing("Bucket"))?;
        if !valid_bucket_name(name) {
            return Err(errors::invalid_bucket_name());
        }
        let region = input
            .get("CreateBucketConfiguration")
            .and_then(|c| str_of(c, "LocationConstraint"))
            .unwrap_or(&context.region)
            .to_string();
        if self.buckets.contains_key(name) {
            // S3 documents that in us-east-1 creating a bucket you already own answers 200 and
            // does nothing; elsewhere it is BucketAlreadyOwnedByYou
            if region == "us-east-1" {
                return Ok(json!({"Location": format!("/{name}")}));
            }
            return Err(errors::already_owned());
        }
        self.buckets.insert(
            name.into(),
            Bucket {
                name: name.into(),
                region: region.clone(),
                created_millis: context.now_millis,
                objects: BTreeMap::new(),
            },
        );
        let location = if region == "us-east-1" {
            format!("/{name}")
        } else {
            format!("http://{name}.s3.amazonaws.com/")
        };
        Ok(json!({"Location": location}))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_names() {
        assert!(valid_bucket_name("my-bucket.1"));
        assert!(!valid_bucket_name("My-Bucket"));
        assert!(!valid_bucket_name("ab"));
        assert!(!valid_bucket_name("-ab"));
        assert!(!valid_bucket_name("a..b"));
        assert!(!valid_bucket_name("192.168.1.1"));
    }

    #[test]
    fn recreating_an_owned_bucket_outside_us_east_1_is_refused() {
        let mut s3 = S3::default();
        let context = Context { region: "eu-west-1".into(), ..Context::at(1_700_000_000_000) };
        let input = json!({"Bucket": "bucket-1", "CreateBucketConfiguration": {"LocationConstraint": "eu-west-1"}});
        let out = s3.call("CreateBucket", &input, &context).unwrap();
        assert_eq!(out.output, json!({"Location": "http://bucket-1.s3.amazonaws.com/"}));
        let before = s3.clone();
        let error = s3.call("CreateBucket", &input, &context).unwrap_err();
        assert_eq!(error.code, "BucketAlreadyOwnedByYou");
        assert_eq!(error.status, 409);
        assert_eq!(s3, before);
    }
}
