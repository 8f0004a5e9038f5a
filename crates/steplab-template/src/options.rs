//! [`Options`]: the stack the template is imported as.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The stack a template is imported as: its name, where it lives, its parameters' values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Options {
    /// `AWS::StackName`, and the first part of every name StepLab gives a resource the template
    /// names not (see `names.rs`). Default `steplab`.
    pub stack_name: String,
    /// `AWS::Region` (StepLab's region, `ca-central-1` by default).
    pub region: String,
    /// `AWS::AccountId` (StepLab's account, `123456789012` by default).
    pub account: String,
    /// Parameter values given at import (`--parameter KEY=VALUE`), over the template's `Default`s.
    pub parameters: BTreeMap<String, String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            stack_name: "steplab".into(),
            region: "ca-central-1".into(),
            account: "123456789012".into(),
            parameters: BTreeMap::new(),
        }
    }
}
