//! The function's configuration, as the Lambda console's Configuration tab holds it.

use serde::{Deserialize, Serialize};

/// One Lambda function: its code, handler and settings (console defaults in [`FunctionConfig::new`]).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FunctionConfig {
    /// The function name (`AWS_LAMBDA_FUNCTION_NAME`, part of the ARN and the log group).
    pub function_name: String,
    /// `module.function`, by default `lambda_function.lambda_handler`.
    pub handler: String,
    /// The source of the function's code file.
    pub code: String,
    /// The code file's name in `/var/task` (the console's is `lambda_function.py`).
    #[serde(default = "default_file_name")]
    pub file_name: String,
    /// The function timeout (1–900 s, default 3).
    pub timeout_seconds: u32,
    /// The memory size (default 128 MB).
    pub memory_size_mb: u32,
    /// User-defined environment variables, in the console's order.
    pub environment: Vec<(String, String)>,
    /// The function's region (default `us-east-1`).
    pub region: String,
    /// The account id in the function's ARN (default `123456789012`).
    pub account: String,
}

fn default_file_name() -> String {
    "lambda_function.py".to_owned()
}

impl FunctionConfig {
    /// A function as the console creates it: Python 3.11, 3 s timeout, 128 MB.
    pub fn new(function_name: &str, code: &str) -> Self {
        FunctionConfig {
            function_name: function_name.to_owned(),
            handler: "lambda_function.lambda_handler".to_owned(),
            code: code.to_owned(),
            file_name: default_file_name(),
            timeout_seconds: 3,
            memory_size_mb: 128,
            environment: Vec::new(),
            region: "us-east-1".to_owned(),
            account: "123456789012".to_owned(),
        }
    }

    /// `arn:aws:lambda:{region}:{account}:function:{name}`.
    pub fn function_arn(&self) -> String {
        format!("arn:aws:lambda:{}:{}:function:{}", self.region, self.account, self.function_name)
    }

    /// `/aws/lambda/{name}`.
    pub fn log_group_name(&self) -> String {
        format!("/aws/lambda/{}", self.function_name)
    }
}
