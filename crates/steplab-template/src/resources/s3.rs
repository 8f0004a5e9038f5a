//! `AWS::S3::Bucket` as `CreateBucket`.

use serde_json::json;

use super::{Call, call};
use crate::names::physical_name;
use crate::stack::Stack;

pub(super) fn bucket(stack: &Stack<'_>, logical_id: &str) -> Result<Vec<Call>, String> {
    let name = physical_name(stack, logical_id)?;
    Ok(vec![(0, call("s3", "CreateBucket", json!({"Bucket": name})))])
}
