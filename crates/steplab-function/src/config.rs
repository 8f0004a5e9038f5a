//! [`FunctionConfig`]: one Lambda function's code and settings.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::logging::LoggingConfig;
use crate::{handler, runtime};

/// One Lambda function: its code, handler and settings, with the console's defaults
/// ([`FunctionConfig::new`]; a field missing from its JSON gets the same default).
///
/// Its JSON also reads the field names the web app's workspaces were stored with before
/// (`name` for `function_name`), and a runtime given as the console shows it (`Python 3.11`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunctionConfig {
    /// The function name (`AWS_LAMBDA_FUNCTION_NAME`, part of the ARN and the log group).
    #[serde(alias = "name")]
    pub function_name: String,
    /// AWS's runtime identifier (default `python3.11`, see [`runtime`]).
    #[serde(default = "default_runtime", deserialize_with = "runtime::deserialize")]
    pub runtime: String,
    /// `module.function`, by default `lambda_function.lambda_handler`.
    #[serde(default = "default_handler")]
    pub handler: String,
    /// The source of the function's code file (as deployed).
    pub code: String,
    /// The code file's name in `/var/task` (the console's is `lambda_function.py`).
    #[serde(default = "default_file_name")]
    pub file_name: String,
    /// The function timeout (1–900 s, default 3).
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u32,
    /// The memory size (128–10,240 MB, default 128).
    #[serde(default = "default_memory")]
    pub memory_size_mb: u32,
    /// User-defined environment variables, in the console's order.
    #[serde(default)]
    pub environment: Vec<(String, String)>,
    /// The function's region (default `us-east-1`).
    #[serde(default = "default_region")]
    pub region: String,
    /// The account id in the function's ARN (default `123456789012`).
    #[serde(default = "default_account")]
    pub account: String,
    /// The console's "Logging configuration" (default: Text, no levels).
    #[serde(default, skip_serializing_if = "LoggingConfig::is_default")]
    pub logging: LoggingConfig,
    /// The deployment package's other files, by their path in `/var/task`
    /// (`util.py`, `pkg/__init__.py`, `lib/helper.js`) → their text: the modules the handler's
    /// file imports. `code` is `file_name`'s text; a `file_name` entry here is not used. Bounded
    /// by [`crate::package`]'s limits ([`FunctionConfig::check_package`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub files: BTreeMap<String, String>,
}

fn default_runtime() -> String {
    runtime::DEFAULT_RUNTIME.to_owned()
}

fn default_handler() -> String {
    handler::DEFAULT_HANDLER.to_owned()
}

fn default_file_name() -> String {
    handler::DEFAULT_FILE_NAME.to_owned()
}

fn default_timeout() -> u32 {
    3
}

fn default_memory() -> u32 {
    128
}

fn default_region() -> String {
    "us-east-1".to_owned()
}

fn default_account() -> String {
    "123456789012".to_owned()
}

impl FunctionConfig {
    /// A function as the console creates it: Python 3.11, handler
    /// `lambda_function.lambda_handler` in `lambda_function.py`, 3 s timeout, 128 MB.
    pub fn new(function_name: &str, code: &str) -> Self {
        FunctionConfig {
            function_name: function_name.to_owned(),
            runtime: default_runtime(),
            handler: default_handler(),
            code: code.to_owned(),
            file_name: default_file_name(),
            timeout_seconds: default_timeout(),
            memory_size_mb: default_memory(),
            environment: Vec::new(),
            region: default_region(),
            account: default_account(),
            logging: LoggingConfig::default(),
            files: BTreeMap::new(),
        }
    }

    /// The same function with `files` as its package's other files.
    #[must_use]
    pub fn with_files(mut self, files: BTreeMap<String, String>) -> Self {
        self.files = files;
        self
    }

    /// Every file of the deployment package, by its path in `/var/task`: the code file first,
    /// then the others in path order (an entry of `files` named as the code file is left out).
    pub fn package_files(&self) -> impl Iterator<Item = (&str, &str)> {
        std::iter::once((self.file_name.as_str(), self.code.as_str())).chain(
            self.files
                .iter()
                .filter(|(path, _)| **path != self.file_name)
                .map(|(path, text)| (path.as_str(), text.as_str())),
        )
    }

    /// Whether the package is within StepLab's limits (paths, file count, total size), or why not.
    pub fn check_package(&self) -> Result<(), String> {
        crate::package::check(self.package_files())
    }

    /// The same function with handler `handler` (`module.function`), its code served as the
    /// module's file (`hello.lambda_handler` → `/var/task/hello.py`).
    #[must_use]
    pub fn with_handler(mut self, handler: &str) -> Self {
        handler.clone_into(&mut self.handler);
        self.file_name = handler::file_name(handler);
        self
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

#[cfg(test)]
mod tests {
    use super::FunctionConfig;

    #[test]
    fn the_console_defaults() {
        let f = FunctionConfig::new("Hello", "x = 1");
        assert_eq!(
            (f.runtime.as_str(), f.handler.as_str(), f.file_name.as_str()),
            ("python3.11", "lambda_function.lambda_handler", "lambda_function.py")
        );
        assert_eq!((f.timeout_seconds, f.memory_size_mb), (3, 128));
        assert_eq!(f.function_arn(), "arn:aws:lambda:us-east-1:123456789012:function:Hello");
        assert_eq!(f.log_group_name(), "/aws/lambda/Hello");
    }

    #[test]
    fn json_round_trips_and_missing_fields_get_the_defaults() {
        let f = FunctionConfig::new("Hello", "x = 1").with_handler("app.main");
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(serde_json::from_str::<FunctionConfig>(&json).unwrap(), f);
        let least: FunctionConfig =
            serde_json::from_str(r#"{"function_name": "Hello", "code": "x = 1"}"#).unwrap();
        assert_eq!(least, FunctionConfig::new("Hello", "x = 1"));
    }

    #[test]
    fn the_web_apps_old_field_names_and_runtime_names_are_read() {
        let old: FunctionConfig = serde_json::from_str(
            r#"{"name": "Hello", "runtime": "Python 3.11", "handler": "lambda_function.lambda_handler",
                "code": "x = 1", "timeout_seconds": 30}"#,
        )
        .unwrap();
        let mut expected = FunctionConfig::new("Hello", "x = 1");
        expected.timeout_seconds = 30;
        assert_eq!(old, expected);
    }

    #[test]
    fn a_stored_function_without_logging_is_text_and_logging_round_trips() {
        let stored: FunctionConfig = serde_json::from_str(
            r#"{"function_name": "Hello", "runtime": "nodejs22.x", "handler": "index.handler",
                "code": "x", "file_name": "index.mjs", "timeout_seconds": 3, "memory_size_mb": 128,
                "environment": [], "region": "us-east-1", "account": "123456789012"}"#,
        )
        .unwrap();
        assert_eq!(stored.logging, crate::logging::LoggingConfig::default());
        assert!(!serde_json::to_string(&stored).unwrap().contains("logging"));
        let mut json = stored.clone();
        json.logging = crate::logging::LoggingConfig::json(Some("DEBUG"), Some("WARN"));
        let text = serde_json::to_string(&json).unwrap();
        assert!(text.contains(r#""logging":{"log_format":"JSON","application_log_level":"DEBUG","system_log_level":"WARN"}"#), "{text}");
        assert_eq!(serde_json::from_str::<FunctionConfig>(&text).unwrap(), json);
    }

    #[test]
    fn the_package_files_are_kept_and_older_json_has_none() {
        let mut f =
            FunctionConfig::new("Hello", "from util import helper").with_handler("app.main");
        let old = serde_json::to_string(&f).unwrap();
        assert!(!old.contains("files"), "{old}");
        f.files.insert("util.py".to_owned(), "def helper(): return 42".to_owned());
        f.files.insert("app.py".to_owned(), "ignored".to_owned());
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(serde_json::from_str::<FunctionConfig>(&json).unwrap(), f);
        let paths: Vec<&str> = f.package_files().map(|(p, _)| p).collect();
        assert_eq!(paths, ["app.py", "util.py"]);
        assert_eq!(f.package_files().next().unwrap().1, "from util import helper");
        assert_eq!(f.check_package(), Ok(()));
        f.files.insert("../x.py".to_owned(), String::new());
        assert!(f.check_package().is_err());
    }
}
