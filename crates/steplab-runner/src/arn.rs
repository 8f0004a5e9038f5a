//! Amazon Resource Names as Step Functions and Lambda form them.

use std::fmt;

/// Where resources live: StepLab has one region and one account, as a console session does.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Partition {
    /// The region, e.g. `ca-central-1`.
    pub region: String,
    /// The twelve-digit account id.
    pub account: String,
}

impl Default for Partition {
    /// The region and account of the reference lab.
    fn default() -> Self {
        Self { region: "ca-central-1".into(), account: "123456789012".into() }
    }
}

impl Partition {
    /// `arn:aws:lambda:{region}:{account}:function:{name}`
    pub fn function_arn(&self, name: &str) -> String {
        format!("arn:aws:lambda:{}:{}:function:{name}", self.region, self.account)
    }

    /// `arn:aws:states:{region}:{account}:stateMachine:{name}`
    pub fn state_machine_arn(&self, name: &str) -> String {
        format!("arn:aws:states:{}:{}:stateMachine:{name}", self.region, self.account)
    }

    /// `arn:aws:states:{region}:{account}:execution:{state machine}:{execution}`
    pub fn execution_arn(&self, state_machine: &str, execution: &str) -> String {
        format!(
            "arn:aws:states:{}:{}:execution:{state_machine}:{execution}",
            self.region, self.account
        )
    }

    /// The role the console creates for a new state machine: `StepFunctions-{name}-role-{suffix}`.
    pub fn role_arn(&self, role_name: &str) -> String {
        format!("arn:aws:iam::{}:role/service-role/{role_name}", self.account)
    }
}

/// A Lambda function named the way `FunctionName` accepts it: a name, a partial ARN or a full ARN,
/// each with an optional version or alias qualifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionRef {
    /// The region, when the reference names one.
    pub region: Option<String>,
    /// The account, when the reference names one.
    pub account: Option<String>,
    /// The function's name.
    pub name: String,
    /// `$LATEST`, a version number or an alias.
    pub qualifier: Option<String>,
}

/// Why a `FunctionName` is not one Lambda accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadFunctionName(pub String);

impl fmt::Display for BadFunctionName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FunctionRef {
    /// Parses the forms Lambda's `FunctionName` takes:
    /// `my-function`, `my-function:v1`, `123456789012:function:my-function`,
    /// `arn:aws:lambda:us-west-2:123456789012:function:my-function[:qualifier]`.
    pub fn parse(text: &str) -> Result<Self, BadFunctionName> {
        let parts: Vec<&str> = text.split(':').collect();
        let (region, account, name, qualifier) = match parts.as_slice() {
            [name] => (None, None, *name, None),
            [name, qualifier] => (None, None, *name, Some(*qualifier)),
            [account, "function", name] => (None, Some(*account), *name, None),
            [account, "function", name, qualifier] => {
                (None, Some(*account), *name, Some(*qualifier))
            }
            ["arn", partition, "lambda", region, account, "function", name, rest @ ..]
                if partition.starts_with("aws") && rest.len() <= 1 =>
            {
                (Some(*region), Some(*account), *name, rest.first().copied())
            }
            _ => return Err(bad(text)),
        };
        let name_ok = !name.is_empty()
            && name.len() <= 64
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        let qualifier_ok = qualifier.is_none_or(|q| {
            !q.is_empty()
                && q.len() <= 128
                && (q == "$LATEST"
                    || q.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        });
        if !name_ok || !qualifier_ok {
            return Err(bad(text));
        }
        Ok(Self {
            region: region.map(str::to_owned),
            account: account.map(str::to_owned),
            name: name.to_owned(),
            qualifier: qualifier.map(str::to_owned),
        })
    }

    /// The full ARN this reference resolves to in `partition`, with its qualifier if any.
    pub fn arn_in(&self, partition: &Partition) -> String {
        let region = self.region.as_deref().unwrap_or(&partition.region);
        let account = self.account.as_deref().unwrap_or(&partition.account);
        let mut arn = format!("arn:aws:lambda:{region}:{account}:function:{}", self.name);
        if let Some(q) = &self.qualifier {
            arn.push(':');
            arn.push_str(q);
        }
        arn
    }

    /// Whether this reference names a function that lives in `partition`.
    pub fn is_in(&self, partition: &Partition) -> bool {
        self.region.as_ref().is_none_or(|r| *r == partition.region)
            && self.account.as_ref().is_none_or(|a| *a == partition.account)
    }
}

fn bad(text: &str) -> BadFunctionName {
    // Lambda's validation message for FunctionName
    BadFunctionName(format!(
        "1 validation error detected: Value '{text}' at 'functionName' failed to satisfy constraint: \
         Member must satisfy regular expression pattern: \
         (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{{2}}(-gov)?-[a-z]+-\\d{{1}}:)?(\\d{{12}}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{Expect, expect};

    fn check(text: &str, expect: Expect) {
        let got = match FunctionRef::parse(text) {
            Ok(f) => format!(
                "{} (in lab partition: {})",
                f.arn_in(&Partition::default()),
                f.is_in(&Partition::default())
            ),
            Err(e) => format!("error: {e}"),
        };
        expect.assert_eq(&got);
    }

    #[test]
    fn function_names() {
        check(
            "HelloStepFunction",
            expect![
                "arn:aws:lambda:ca-central-1:123456789012:function:HelloStepFunction (in lab partition: true)"
            ],
        );
        check(
            "arn:aws:lambda:ca-central-1:123456789012:function:HelloStepFunction:$LATEST",
            expect![
                "arn:aws:lambda:ca-central-1:123456789012:function:HelloStepFunction:$LATEST (in lab partition: true)"
            ],
        );
        check(
            "111122223333:function:f:prod",
            expect![
                "arn:aws:lambda:ca-central-1:111122223333:function:f:prod (in lab partition: false)"
            ],
        );
        check(
            "arn:aws:lambda:us-east-1:123456789012:function:f",
            expect!["arn:aws:lambda:us-east-1:123456789012:function:f (in lab partition: false)"],
        );
        check(
            "a b",
            expect![[
                r#"error: 1 validation error detected: Value 'a b' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?"#
            ]],
        );
        check(
            "arn:aws:states:::lambda:invoke",
            expect![[
                r#"error: 1 validation error detected: Value 'arn:aws:states:::lambda:invoke' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?"#
            ]],
        );
    }
}
