//! The function's AWS SDK calls (`runtime/aws-sdk.js`) as the host sees them: a call comes out of
//! the runtime as `{"type": "aws", "id", "service", "operation", "input"}` while an invocation
//! runs, and the host answers it at once with `{"type": "aws-reply", "id", "output"}`,
//! `{"type": "aws-reply", "id", "error": {"code", "message", "status"}}`, or, without services,
//! `{"type": "aws-reply", "id", "offline": true}` (the SDK then fails as without a network).

use serde::Deserialize;
use serde_json::{Value, json};
use steplab_function::aws::{AwsError, SharedAwsHost};

/// A call of the function's AWS SDK.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SdkCall {
    pub id: u64,
    pub service: String,
    pub operation: String,
    #[serde(default)]
    pub input: Value,
}

/// The call a message of the runtime is, if it is one.
pub fn call_of(line: &str) -> Option<SdkCall> {
    if !line.starts_with(r#"{"type":"aws","#) {
        return None;
    }
    serde_json::from_str(line).ok()
}

/// The answer to `call` (a JSON line, `type` first, as the hosts' scripts look for it).
pub fn answer(call: &SdkCall, aws: Option<&SharedAwsHost>) -> String {
    let id = call.id;
    let Some(aws) = aws else {
        return format!(r#"{{"type":"aws-reply","id":{id},"offline":true}}"#);
    };
    let outcome = match aws.try_borrow_mut() {
        Ok(mut host) => host.call(&call.service, &call.operation, &call.input),
        Err(_) => Err(steplab_function::aws::AwsError {
            code: "ServiceUnavailable".into(),
            message: "StepLab: this host is already answering a call".into(),
            status: 503,
        }),
    };
    reply(id, outcome)
}

/// The answer to the call `id` that had `outcome` (a host that answers later, once what the call
/// waits for is done: a synchronous Lambda `Invoke`).
pub fn reply(id: u64, outcome: Result<Value, AwsError>) -> String {
    match outcome {
        Ok(output) => format!(r#"{{"type":"aws-reply","id":{id},"output":{output}}}"#),
        Err(e) => {
            let error = json!({"code": e.code, "message": e.message, "status": e.status});
            format!(r#"{{"type":"aws-reply","id":{id},"error":{error}}}"#)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;

    use steplab_function::aws::AwsHost;

    use super::*;

    struct Tables;
    impl AwsHost for Tables {
        fn call(
            &mut self,
            service: &str,
            operation: &str,
            input: &Value,
        ) -> Result<Value, AwsError> {
            match (service, operation) {
                ("dynamodb", "GetItem") => Ok(json!({"Item": input["Key"].clone()})),
                _ => Err(AwsError {
                    code: "ResourceNotFoundException".into(),
                    message: "Requested resource not found".into(),
                    status: 400,
                }),
            }
        }
    }

    #[test]
    fn calls_are_answered_on_one_line_type_first() {
        let line = r#"{"type":"aws","id":7,"service":"dynamodb","operation":"GetItem","input":{"Key":{"id":{"S":"1"}}}}"#;
        let call = call_of(line).unwrap();
        let host: SharedAwsHost = Rc::new(RefCell::new(Tables));
        assert_eq!(
            answer(&call, Some(&host)),
            r#"{"type":"aws-reply","id":7,"output":{"Item":{"id":{"S":"1"}}}}"#
        );
        let other = SdkCall { operation: "PutItem".into(), ..call.clone() };
        let reply: Value = serde_json::from_str(&answer(&other, Some(&host))).unwrap();
        assert_eq!(reply["error"]["code"], "ResourceNotFoundException");
        assert_eq!(answer(&call, None), r#"{"type":"aws-reply","id":7,"offline":true}"#);
        assert_eq!(call_of(r#"{"type":"invoke","status":"ok"}"#), None);
    }
}
