//! A Lambda function as the workspace keeps it: the deployed [`FunctionConfig`] and what only the
//! console keeps beside it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use steplab_function::FunctionConfig;
use steplab_runner::Partition;

/// The default code of a new python3.11 function, as the Lambda console writes it.
pub const DEFAULT_PYTHON_CODE: &str = "import json\n\ndef lambda_handler(event, context):\n    # TODO implement\n    return {\n        'statusCode': 200,\n        'body': json.dumps('Hello from Lambda!')\n    }\n";

/// A Lambda function of the workspace: its configuration as deployed, and what only the console
/// keeps (the code editor's undeployed edits, saved test events, when it was last deployed).
///
/// Stored as one JSON object, the configuration's fields beside the console's own; workspaces
/// stored before the configuration was its own type (`name`, `runtime: "Python 3.11"`, …) load
/// the same.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Function {
    /// The deployed configuration: name, runtime, handler, the code of `lambda_function.py`,
    /// timeout, memory, environment variables. Its region and account are the workspace's,
    /// set when it is invoked ([`Function::deployed`]).
    #[serde(flatten)]
    pub config: FunctionConfig,
    /// Edits not yet deployed (kept so that a reload loses nothing).
    #[serde(default)]
    pub draft: Option<String>,
    /// Saved test events: name and JSON text.
    #[serde(default)]
    pub test_events: Vec<(String, String)>,
    pub last_modified_millis: i64,
    /// Edits not yet deployed of the package's other files ([`FunctionConfig::files`]), by path.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub file_drafts: BTreeMap<String, String>,
}

impl Function {
    /// A new function as the Lambda console creates it, with `runtime` given as the console
    /// shows it (`Python 3.11`) or as its identifier (`python3.11`).
    pub fn new(name: &str, runtime: &str, now_millis: i64) -> Self {
        let runtime = steplab_function::runtime::id(runtime);
        let config = if steplab_node::runtimes::is_node(&runtime) {
            // index.mjs with the console's default handler
            FunctionConfig {
                runtime,
                ..steplab_node::function_config(name, steplab_node::runtimes::DEFAULT_CODE)
            }
        } else {
            FunctionConfig { runtime, ..FunctionConfig::new(name, DEFAULT_PYTHON_CODE) }
        };
        Self {
            config,
            last_modified_millis: now_millis,
            draft: None,
            test_events: Vec::new(),
            file_drafts: BTreeMap::new(),
        }
    }

    /// The text of the package's other file `path` as the editor shows it (its draft, or as
    /// deployed).
    pub fn file_text(&self, path: &str) -> Option<&str> {
        self.file_drafts.get(path).or_else(|| self.config.files.get(path)).map(String::as_str)
    }

    /// Whether the code file or another file of the package has edits not deployed.
    pub fn has_undeployed_edits(&self) -> bool {
        self.draft.as_ref().is_some_and(|d| *d != self.config.code)
            || self.file_drafts.iter().any(|(p, t)| self.config.files.get(p) != Some(t))
    }

    /// The function with its edits deployed (the code file's and the other files'), at `now`.
    #[must_use]
    pub fn deployed_edits(&self, now_millis: i64) -> Self {
        let mut deployed = self.clone();
        if let Some(code) = deployed.draft.take() {
            deployed.config.code = code;
        }
        for (path, text) in std::mem::take(&mut deployed.file_drafts) {
            deployed.config.files.insert(path, text);
        }
        deployed.last_modified_millis = now_millis;
        deployed
    }

    /// The function's name.
    pub fn name(&self) -> &str {
        &self.config.function_name
    }

    /// The deployed function in the workspace's `partition`, as the Python worker runs it.
    pub fn deployed(&self, partition: &Partition) -> FunctionConfig {
        FunctionConfig {
            region: partition.region.clone(),
            account: partition.account.clone(),
            ..self.config.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::store::Workspace;

    #[test]
    fn workspaces_stored_with_the_old_function_fields_load() {
        // a function as workspaces stored it before its configuration was a FunctionConfig
        let stored = r#"{"partition": {"region": "ca-central-1", "account": "111122223333"},
            "functions": [{"name": "HelloStepFunction", "runtime": "Python 3.11",
                "handler": "lambda_function.lambda_handler", "code": "x = 1", "draft": "x = 2",
                "timeout_seconds": 30, "memory_size_mb": 256, "environment": [["A", "1"]],
                "test_events": [["ev", "{}"]], "last_modified_millis": 1764000000000},
                {"name": "Oldest", "runtime": "Python 3.11", "handler": "lambda_function.lambda_handler",
                "code": "y = 1", "draft": null, "last_modified_millis": 5}]}"#;
        let workspace: Workspace = serde_json::from_str(stored).expect("an old workspace");
        let f = &workspace.functions[0];
        assert_eq!(f.name(), "HelloStepFunction");
        assert_eq!(f.config.runtime, "python3.11");
        assert_eq!(f.config.code, "x = 1");
        assert_eq!(f.config.file_name, "lambda_function.py");
        assert_eq!((f.config.timeout_seconds, f.config.memory_size_mb), (30, 256));
        assert_eq!(f.config.environment, [("A".to_owned(), "1".to_owned())]);
        assert_eq!(f.draft.as_deref(), Some("x = 2"));
        assert_eq!(f.test_events, [("ev".to_owned(), "{}".to_owned())]);
        assert_eq!(f.last_modified_millis, 1_764_000_000_000);
        // fields added later get the console's defaults
        let oldest = &workspace.functions[1];
        assert_eq!((oldest.config.timeout_seconds, oldest.config.memory_size_mb), (3, 128));
        assert!(oldest.config.environment.is_empty() && oldest.test_events.is_empty());
        // invoked in the workspace's partition; stored again, it loads the same
        let deployed = f.deployed(&workspace.partition);
        assert_eq!(
            deployed.function_arn(),
            "arn:aws:lambda:ca-central-1:111122223333:function:HelloStepFunction"
        );
        let again = serde_json::to_string(&workspace).expect("JSON");
        assert_eq!(serde_json::from_str::<Workspace>(&again).expect("a workspace"), workspace);
    }

    #[test]
    fn the_package_files_and_their_drafts_are_stored_and_deployed() {
        let mut f = super::Function::new("Multi", "python3.12", 1);
        f.config.files.insert("util.py".into(), "X = 1\n".into());
        assert!(!f.has_undeployed_edits());
        f.file_drafts.insert("util.py".into(), "X = 2\n".into());
        assert!(f.has_undeployed_edits());
        assert_eq!(f.file_text("util.py"), Some("X = 2\n"));
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(serde_json::from_str::<super::Function>(&json).unwrap(), f);
        let deployed = f.deployed_edits(5);
        assert!(!deployed.has_undeployed_edits() && deployed.file_drafts.is_empty());
        assert_eq!(deployed.config.files["util.py"], "X = 2\n");
        assert_eq!(deployed.last_modified_millis, 5);
    }
}
