//! The environment variables of a Node.js function: Lambda's reserved ones, then the user's.

use steplab_function::FunctionConfig;

use crate::runtimes;

/// The reserved variables of a Node.js runtime (as a function sees them on AWS, with StepLab's
/// fake credentials) and its logging configuration's, then the function's own; `_X_AMZN_TRACE_ID` is set per invocation.
pub fn environment_variables(
    config: &FunctionConfig,
    log_stream_name: &str,
) -> Vec<(String, String)> {
    let major = runtimes::find(&config.runtime).map_or(22, |runtime| runtime.node_major);
    let memory = config.memory_size_mb.to_string();
    let log_group = config.log_group_name();
    let execution_env = format!("AWS_Lambda_{}", config.runtime);
    let node_path = format!(
        "/opt/nodejs/node{major}/node_modules:/opt/nodejs/node_modules:/var/runtime/node_modules:/var/runtime:/var/task"
    );
    let reserved: Vec<(&str, &str)> = vec![
        ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"),
        ("AWS_SESSION_TOKEN", "IQoJb3JpZ2luX2VjEFAKEFORSTEPLABEXAMPLETOKEN"),
        ("AWS_LAMBDA_LOG_GROUP_NAME", &log_group),
        (
            "LD_LIBRARY_PATH",
            "/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib",
        ),
        ("LAMBDA_TASK_ROOT", "/var/task"),
        ("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001"),
        ("AWS_LAMBDA_LOG_STREAM_NAME", log_stream_name),
        ("AWS_EXECUTION_ENV", &execution_env),
        ("AWS_LAMBDA_FUNCTION_NAME", &config.function_name),
        ("AWS_XRAY_DAEMON_ADDRESS", "169.254.79.129:2000"),
        ("PATH", "/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin"),
        ("AWS_DEFAULT_REGION", &config.region),
        ("PWD", "/var/task"),
        ("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSTEPLABKEY"),
        ("LANG", "en_US.UTF-8"),
        ("LAMBDA_RUNTIME_DIR", "/var/runtime"),
        ("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"),
        ("NODE_PATH", &node_path),
        ("TZ", ":UTC"),
        ("AWS_REGION", &config.region),
        ("AWS_ACCESS_KEY_ID", "ASIASTEPLABEXAMPLE01"),
        ("SHLVL", "0"),
        ("_AWS_XRAY_DAEMON_ADDRESS", "169.254.79.129"),
        ("_AWS_XRAY_DAEMON_PORT", "2000"),
        ("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR"),
        ("_HANDLER", &config.handler),
        ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", &memory),
    ];
    let mut vars: Vec<(String, String)> =
        reserved.into_iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    // a JSON-format function's AWS_LAMBDA_LOG_FORMAT and AWS_LAMBDA_LOG_LEVEL
    vars.extend(config.logging.environment_variables());
    for (key, value) in &config.environment {
        // Lambda refuses reserved keys at configuration time; here they simply cannot override
        if !vars.iter().any(|(k, _)| k == key) {
            vars.push((key.clone(), value.clone()));
        }
    }
    vars
}
