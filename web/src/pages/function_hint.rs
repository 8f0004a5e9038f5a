//! What the Lambda console adds when a handler's import fails: StepLab runs Python in the browser
//! with part of the standard library and no third-party packages, so it says which module is
//! missing and why. Pure logic (no DOM), tested natively.

use serde_json::Value;

/// CPython 3.11 standard-library modules the sandbox has not (`crates/steplab-lambda`, kept true
/// by its tests).
const UNAVAILABLE: &str = include_str!("../../../crates/steplab-lambda/unavailable.txt");

/// Packages that AWS's python3.11 runtime includes besides the standard library and that StepLab
/// lacks (its boto3 and botocore are a subset written for it, without their dependencies).
const AWS_RUNTIME_PACKAGES: [&str; 3] = ["s3transfer", "jmespath", "dateutil"];

/// Why a module is missing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MissingModule {
    /// A standard-library module StepLab leaves out (AWS has it).
    StandardLibrary(String),
    /// A package AWS's runtime includes (a dependency of the AWS SDK) that StepLab does not offer.
    AwsRuntime(String),
    /// A third-party package, missing on AWS too unless packaged with the function.
    ThirdParty(String),
    /// A standard-library module the function's Python version removed (`cgi` on python3.13):
    /// missing on AWS too. The module and the minor version that removed it.
    Removed(String, u32),
}

impl MissingModule {
    /// The hint the console shows under the result.
    pub fn hint(&self) -> String {
        match self {
            MissingModule::StandardLibrary(name) => format!(
                "StepLab runs Python in your browser; module {name} is not available. StepLab ships the \
                 part of Python's standard library that handlers commonly use (json, datetime, logging, \
                 re, decimal, urllib, …) to keep the page small; on AWS this import works."
            ),
            MissingModule::AwsRuntime(name) => format!(
                "StepLab runs Python in your browser; module {name} is not available. AWS's python3.11 \
                 runtime includes it with the AWS SDK for Python; StepLab's boto3 and botocore are a \
                 subset written for StepLab (its clients and the DynamoDB and S3 resources reach \
                 StepLab's own services) without {name}."
            ),
            MissingModule::Removed(name, minor) => format!(
                "Module {name} was removed from Python's standard library in Python 3.{minor}: \
                 AWS's runtimes of Python 3.{minor} and later have not got it either."
            ),
            MissingModule::ThirdParty(name) => format!(
                "Module {name} is not part of the python3.11 runtime, on AWS either: there you would add \
                 it to the function's deployment package or a layer. StepLab runs Python in your \
                 browser and supports only the standard library."
            ),
        }
    }
}

/// The module a failed invocation of a function of runtime `runtime` could not import, from its
/// payload (`Runtime.ImportModuleError` during INIT or an unhandled `ModuleNotFoundError`),
/// classified.
pub fn missing_module(payload: &str, runtime: &str) -> Option<MissingModule> {
    let value: Value = serde_json::from_str(payload).ok()?;
    let error_type = value.get("errorType")?.as_str()?;
    let message = value.get("errorMessage")?.as_str()?;
    let reason = match error_type {
        // awslambdaric: "Unable to import module '{modname}': {str(e)}"
        "Runtime.ImportModuleError" => {
            let rest = message.strip_prefix("Unable to import module '")?;
            let (_, reason) = rest.split_once("': ")?;
            reason
        }
        "ModuleNotFoundError" => message,
        _ => return None,
    };
    // CPython's ModuleNotFoundError: "No module named '{name}'"
    let name = reason.strip_prefix("No module named '")?.strip_suffix('\'')?;
    let top = name.split('.').next().filter(|top| !top.is_empty())?;
    let minor = steplab_function::runtime::runs_on(runtime)
        .and_then(steplab_function::runtime::python_minor)
        .unwrap_or(11);
    Some(classify(top, minor))
}

/// The CPython 3.11 standard-library modules StepLab's Python has not.
pub fn unavailable_modules() -> impl Iterator<Item = &'static str> {
    UNAVAILABLE.lines().map(str::trim).filter(|l| !l.starts_with('#') && !l.is_empty())
}

fn classify(top: &str, minor: u32) -> MissingModule {
    let unavailable = unavailable_modules().any(|name| name == top);
    if let Some(removed) = steplab_function::removed_modules::removed_in(top)
        && removed <= minor
    {
        MissingModule::Removed(top.to_owned(), removed)
    } else if unavailable {
        MissingModule::StandardLibrary(top.to_owned())
    } else if AWS_RUNTIME_PACKAGES.contains(&top) {
        MissingModule::AwsRuntime(top.to_owned())
    } else {
        MissingModule::ThirdParty(top.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::missing_module;

    #[test]
    fn missing_modules_are_classified() {
        let cases = [
            r#"{"errorMessage": "Unable to import module 'lambda_function': No module named 'tarfile'", "errorType": "Runtime.ImportModuleError", "requestId": "", "stackTrace": []}"#,
            r#"{"errorMessage": "No module named 'xml'", "errorType": "ModuleNotFoundError", "requestId": "1", "stackTrace": []}"#,
            r#"{"errorMessage": "Unable to import module 'lambda_function': No module named 'jmespath'", "errorType": "Runtime.ImportModuleError", "requestId": "", "stackTrace": []}"#,
            r#"{"errorMessage": "No module named 'requests.adapters'", "errorType": "ModuleNotFoundError", "requestId": "1", "stackTrace": []}"#,
            r#"{"errorMessage": "Unable to import module 'lambda_function': cannot import name 'x' from 'json'", "errorType": "Runtime.ImportModuleError", "requestId": "", "stackTrace": []}"#,
            r#"{"errorMessage": "bad input", "errorType": "ValueError", "requestId": "1", "stackTrace": []}"#,
            r#"{"statusCode": 200}"#,
            "not json",
        ];
        let found: Vec<String> = cases
            .iter()
            .map(|payload| format!("{:?}", missing_module(payload, "python3.11")))
            .collect();
        expect![[r#"
            Some(StandardLibrary("tarfile"))
            Some(StandardLibrary("xml"))
            Some(AwsRuntime("jmespath"))
            Some(ThirdParty("requests"))
            None
            None
            None
            None"#]]
        .assert_eq(&found.join("\n"));
    }

    #[test]
    fn hints_name_the_module() {
        let hint = missing_module(
            r#"{"errorMessage": "No module named 'sqlite3'", "errorType": "ModuleNotFoundError"}"#,
            "python3.11",
        )
        .map(|m| m.hint());
        expect![[r#"Some("StepLab runs Python in your browser; module sqlite3 is not available. StepLab ships the part of Python's standard library that handlers commonly use (json, datetime, logging, re, decimal, urllib, …) to keep the page small; on AWS this import works.")"#]]
        .assert_eq(&format!("{hint:?}"));
    }

    #[test]
    fn a_module_the_version_removed_is_missing_on_aws_too() {
        let payload = r#"{"errorMessage": "Unable to import module 'lambda_function': No module named 'cgi'", "errorType": "Runtime.ImportModuleError", "requestId": "", "stackTrace": []}"#;
        assert_eq!(
            missing_module(payload, "python3.11"),
            Some(super::MissingModule::StandardLibrary("cgi".into()))
        );
        assert_eq!(
            missing_module(payload, "python3.12"),
            Some(super::MissingModule::StandardLibrary("cgi".into()))
        );
        let removed = missing_module(payload, "python3.13");
        assert_eq!(removed, Some(super::MissingModule::Removed("cgi".into(), 13)));
        expect![[r#"Some("Module cgi was removed from Python's standard library in Python 3.13: AWS's runtimes of Python 3.13 and later have not got it either.")"#]]
            .assert_eq(&format!("{:?}", removed.map(|m| m.hint())));
    }
}
