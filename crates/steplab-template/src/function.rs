//! `AWS::Serverless::Function` and `AWS::Lambda::Function` as StepLab functions: code from the
//! `CodeUri` folder, `InlineCode` or `Code.ZipFile`; runtime, handler, environment, timeout and
//! memory as the template gives them (Lambda's defaults otherwise: 3 s, 128 MB).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::files::{Files, normalize};
use crate::intrinsics::{eval_string, eval_value};
use crate::model::Function;
use crate::names::physical_name;
use crate::stack::Stack;

/// Function `logical_id`, or why it cannot be imported (the second value says whether the
/// reason is something StepLab does not emulate, rather than a problem in the template).
pub(crate) fn import(
    stack: &Stack<'_>,
    logical_id: &str,
    files: &dyn Files,
) -> Result<Function, (String, bool)> {
    let sam = stack.resource_type(logical_id) == Some("AWS::Serverless::Function");
    let p = stack.properties(logical_id);
    let problem = |e: String| (e, false);
    let string = |key: &str| -> Result<Option<String>, (String, bool)> {
        match p.get(key) {
            Some(v) => eval_string(stack, v, key).map(Some).map_err(problem),
            None => Ok(None),
        }
    };
    let number = |key: &str, default: u32| -> Result<u32, (String, bool)> {
        match string(key)? {
            Some(text) => text
                .parse::<f64>()
                .ok()
                .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= f64::from(u32::MAX))
                .map(|n| n as u32)
                .ok_or_else(|| problem(format!("{key}: {text:?} is not a whole number"))),
            None => Ok(default),
        }
    };
    if string("PackageType")?.as_deref() == Some("Image") {
        return Err(("a container image function: StepLab runs no images".into(), true));
    }
    let runtime = string("Runtime")?.ok_or_else(|| problem("no Runtime".into()))?;
    if !runtime.starts_with("python") && !runtime.starts_with("nodejs") {
        return Err((
            format!("runtime {runtime}: StepLab runs Python and Node.js functions only"),
            true,
        ));
    }
    let handler = string("Handler")?.ok_or_else(|| problem("no Handler".into()))?;
    let inline_file = |code: String| {
        // Lambda writes inline code as index.py / index.js (the handler's module names it)
        let module = handler.rsplit_once('.').map_or("index", |(m, _)| m).to_owned();
        let ext = if runtime.starts_with("python") { "py" } else { "js" };
        (BTreeMap::from([(format!("{module}.{ext}"), code)]), Vec::new())
    };
    let (code, skipped_files) = if sam {
        match (p.get("InlineCode"), p.get("CodeUri")) {
            (Some(inline), _) => {
                inline_file(eval_string(stack, inline, "InlineCode").map_err(problem)?)
            }
            (None, Some(uri)) => match eval_value(stack, uri).map_err(problem)? {
                Value::String(uri) if uri.starts_with("s3://") => {
                    return Err((format!("CodeUri {uri}: code in S3 is not imported"), true));
                }
                Value::String(uri) => folder(files, &uri)?,
                Value::Object(_) => {
                    return Err((
                        "CodeUri in S3 (Bucket, Key): code in S3 is not imported".into(),
                        true,
                    ));
                }
                other => return Err(problem(format!("CodeUri: not a path: {other}"))),
            },
            // SAM CLI builds a function with no CodeUri from the template's own folder
            (None, None) => folder(files, "")?,
        }
    } else {
        let zip = p.get("Code").and_then(|c| c.get("ZipFile"));
        match zip {
            Some(zip) => inline_file(eval_string(stack, zip, "Code.ZipFile").map_err(problem)?),
            None if p.get("Code").is_some_and(|c| c.get("S3Bucket").is_some()) => {
                return Err((
                    "Code in S3 (S3Bucket, S3Key): code in S3 is not imported".into(),
                    true,
                ));
            }
            None if p.get("Code").is_some_and(|c| c.get("ImageUri").is_some()) => {
                return Err(("a container image function: StepLab runs no images".into(), true));
            }
            None => return Err(problem("no Code.ZipFile".into())),
        }
    };
    let mut environment = Vec::new();
    if let Some(variables) = p.get("Environment").and_then(|e| e.get("Variables")) {
        match eval_value(stack, variables).map_err(problem)? {
            Value::Object(map) => {
                for (k, v) in map {
                    let v = match v {
                        Value::String(s) => s,
                        Value::Null => continue,
                        other => other.to_string(),
                    };
                    environment.push((k, v));
                }
            }
            Value::Null => {}
            other => return Err(problem(format!("Environment.Variables: not a map: {other}"))),
        }
    }
    // LoggingConfig: the format and levels as the Lambda API takes them (LogGroup is not kept)
    let logging = match p.get("LoggingConfig") {
        None => steplab_function::LoggingConfig::default(),
        Some(v) => {
            let v = eval_value(stack, v).map_err(problem)?;
            let logging: steplab_function::LoggingConfig =
                serde_json::from_value(v).map_err(|e| problem(format!("LoggingConfig: {e}")))?;
            logging.check().map_err(|e| problem(format!("LoggingConfig: {e}")))?;
            logging
        }
    };
    let name = physical_name(stack, logical_id).map_err(problem)?;
    let o = stack.options;
    let function = Function {
        logical_id: logical_id.to_owned(),
        arn: format!("arn:aws:lambda:{}:{}:function:{name}", o.region, o.account),
        name,
        runtime,
        handler,
        files: code,
        environment,
        timeout: number("Timeout", 3)?,
        memory_size: number("MemorySize", 128)?,
        logging,
        skipped_files,
    };
    if function.handler_file().is_none() {
        return Err(problem(format!(
            "handler {}: its module's file is not in the code ({})",
            function.handler,
            if function.files.is_empty() {
                "no files".to_owned()
            } else {
                function.files.keys().take(8).cloned().collect::<Vec<_>>().join(", ")
            }
        )));
    }
    Ok(function)
}

/// The files of folder `uri` (relative to the template), or the one file `uri` names, with what
/// of the folder was left out ([`crate::package`]).
fn folder(files: &dyn Files, uri: &str) -> Result<Code, (String, bool)> {
    let dir = normalize(uri);
    if dir.ends_with(".zip") || dir.ends_with(".jar") {
        return Err((format!("CodeUri {uri}: a zip file: unpack it next to the template"), false));
    }
    let full = |path: &str| if dir.is_empty() { path.to_owned() } else { format!("{dir}/{path}") };
    let listed = files.list(&dir);
    let any_listed = listed.iter().any(|p| !p.ends_with('/'));
    let (mut code, skipped) = crate::package::select_files(listed, |path| files.read(&full(path)));
    if code.is_empty()
        && !any_listed
        && let Some(text) = files.read(&dir)
    {
        let file = dir.rsplit('/').next().unwrap_or(&dir).to_owned();
        code.insert(file, text);
    }
    if code.is_empty() && !any_listed {
        return Err((format!("CodeUri {uri}: no such folder next to the template"), false));
    }
    Ok((code, skipped))
}

/// A function's files by path in `/var/task`, and what of its folder was left out.
type Code = (BTreeMap<String, String>, Vec<String>);
