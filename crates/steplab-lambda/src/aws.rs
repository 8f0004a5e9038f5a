//! The AWS services a function reaches through `boto3`: the host answers each call.
//!
//! The frozen `boto3`/`botocore` (`python/boto3`, `python/botocore`) turn a client call
//! (`client.put_item(TableName=..., Item=...)`) into a service name as boto3 names the client
//! (`dynamodb`, `s3`, `sqs`, `sns`, `events`, `lambda`, `stepfunctions`), the operation's API name
//! (`PutItem`) and its input in the AWS JSON shape; the host answers with the output (without
//! `ResponseMetadata`, which the Python side adds) or an [`AwsError`] that becomes botocore's
//! `ClientError`.

use std::cell::RefCell;
use std::rc::Rc;

use rustpython_vm::{PyObjectRef, PyResult, VirtualMachine};
use serde_json::Value;

pub use steplab_function::aws::{AwsError, AwsHost, SharedAwsHost};

/// Where the interpreter finds the host of the running invocation (none between invocations, and
/// for [`crate::ExecutionEnvironment::invoke`], where calls fail as without a network).
pub(crate) type AwsSlot = Rc<RefCell<Option<SharedAwsHost>>>;

/// `_steplab_host.aws_call(service, operation, input_json)`: `None` without a host, else
/// `(status, text)`: `(200, output JSON)` or `(status, {"code": …, "message": …} JSON)`.
pub(crate) fn host_call(
    slot: &AwsSlot,
    service: &str,
    operation: &str,
    input_json: &str,
    vm: &VirtualMachine,
) -> PyResult<PyObjectRef> {
    let Some(host) = slot.borrow().clone() else {
        return Ok(vm.ctx.none());
    };
    let input: Value = serde_json::from_str(input_json)
        .map_err(|e| vm.new_value_error(format!("bad input for {service} {operation}: {e}")))?;
    let answer = match host.try_borrow_mut() {
        Ok(mut host) => host.call(service, operation, &input),
        Err(_) => Err(AwsError {
            code: "ServiceUnavailable".to_owned(),
            message: "StepLab: this host is already answering a call (a nested invocation needs a host of its own)".to_owned(),
            status: 503,
        }),
    };
    let (status, text) = match answer {
        Ok(output) => (200, output.to_string()),
        Err(error) => (
            error.status,
            serde_json::json!({"code": error.code, "message": error.message}).to_string(),
        ),
    };
    Ok(vm.new_tuple((vm.ctx.new_int(status), vm.ctx.new_str(text))).into())
}
