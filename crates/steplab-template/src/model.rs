//! What an import gives: [`Import`] and its parts (serialisable, for the CLI, the console and
//! the JavaScript API alike).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A template imported.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Import {
    /// The Lambda functions, in the template's order.
    pub functions: Vec<Function>,
    /// The state machines, in the template's order.
    pub state_machines: Vec<StateMachine>,
    /// The services' resources as service calls, `{"service", "operation", "input"}`, in an order
    /// they can be applied in (tables, queues, topics, buckets, buses, then subscriptions, rules
    /// and targets).
    pub resources: Vec<Value>,
    /// Resources with nothing to emulate (IAM roles and policies, log groups, queue and topic
    /// policies, permissions): accepted as they are.
    pub accepted: Vec<Listed>,
    /// Resources not created: their `Condition` is false.
    pub skipped: Vec<Listed>,
    /// What StepLab cannot emulate (a resource type, a resource's event, code in S3), by logical id.
    pub unsupported: Vec<Listed>,
    /// What is wrong in the template (a reference to nothing, a file not found, …).
    pub problems: Vec<Problem>,
}

/// A Lambda function of the template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Function {
    pub logical_id: String,
    /// `FunctionName`, or the name StepLab gives it (`names.rs`).
    pub name: String,
    pub arn: String,
    /// AWS's runtime identifier (`python3.12`, `nodejs20.x`, …).
    pub runtime: String,
    /// `module.function` (`app.lambda_handler`).
    pub handler: String,
    /// The code's files by path in `/var/task` (the `CodeUri` folder's files, or the inline code
    /// as `index.py`/`index.js` as Lambda names it).
    pub files: BTreeMap<String, String>,
    /// `Environment.Variables`, resolved, in the template's order.
    pub environment: Vec<(String, String)>,
    pub timeout: u32,
    pub memory_size: u32,
    /// `LoggingConfig` (log format and levels), when it is not the default.
    #[serde(default, skip_serializing_if = "steplab_function::LoggingConfig::is_default")]
    pub logging: steplab_function::LoggingConfig,
    /// What of the `CodeUri` folder was left out, each with why (`node_modules/: …`,
    /// `logo.png: not text`): see [`crate::package`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped_files: Vec<String>,
}

impl Function {
    /// The file the handler's module is in (`app.lambda_handler` → `app.py`, `pkg.app.main` →
    /// `pkg/app.py`; `index.handler` → `index.mjs`, `index.js` or `index.cjs`, whichever the code
    /// has).
    pub fn handler_file(&self) -> Option<&str> {
        let module = self.handler.rsplit_once('.').map_or(self.handler.as_str(), |(m, _)| m);
        let node = self.runtime.starts_with("nodejs");
        // a Python handler's module may be a package's (`pkg.app.handler` → `pkg/app.py`)
        let module = if node { module.to_owned() } else { module.replace('.', "/") };
        let extensions: &[&str] = if node { &["mjs", "js", "cjs"] } else { &["py"] };
        extensions.iter().find_map(|x| {
            let path = format!("{module}.{x}");
            self.files.get_key_value(&path).map(|(k, _)| k.as_str())
        })
    }
}

/// A state machine of the template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StateMachine {
    pub logical_id: String,
    /// `Name`, or the name StepLab gives it (`names.rs`).
    pub name: String,
    pub arn: String,
    /// `STANDARD` or `EXPRESS`.
    #[serde(rename = "type")]
    pub machine_type: String,
    /// The definition (JSON text) after `DefinitionSubstitutions`.
    pub definition: String,
}

/// A resource (or a resource's event) listed by logical id, with why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Listed {
    pub logical_id: String,
    /// The resource type (`AWS::EC2::VPC`), or the event's type (`Api`).
    #[serde(rename = "type")]
    pub resource_type: String,
    pub reason: String,
    /// Where the logical id is in the template text (from 1), when found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

/// A problem in the template: the template cannot be read, or a resource cannot be imported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// The resource (or parameter, condition) it is about; none for the template as a whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logical_id: Option<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(id) = &self.logical_id {
            write!(f, "{id}: ")?;
        }
        f.write_str(&self.message)?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, " (line {line}, column {column})")?;
        }
        Ok(())
    }
}
