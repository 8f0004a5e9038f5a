//! Problems found in a definition, as data with a location (JSON Pointer and byte span).

use std::ops::Range;

/// How bad a [`Diagnostic`] is: errors make AWS reject the definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The definition is rejected (`ValidateStateMachineDefinition` result `FAIL`).
    Error,
    /// The definition is accepted but probably wrong.
    Warning,
}

/// One problem in a definition, with AWS's code and wording where known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// AWS's code: `SCHEMA_VALIDATION_FAILED`, `MISSING_TRANSITION_TARGET`, `INVALID_JSON_DESCRIPTION`,
    /// `INVALID_JSONATA_EXPRESSION`, `UNSUPPORTED_JSONATA_EXPRESSION`, `INVALID_JSON_PATH`, …
    pub code: String,
    /// Error or warning.
    pub severity: Severity,
    /// JSON Pointer to the offending value, e.g. `/States/A/Next`.
    pub pointer: String,
    /// Byte span in the source text, when the source had one.
    pub span: Option<Range<usize>>,
    /// The message, in AWS's wording where known.
    pub message: String,
}

impl Diagnostic {
    /// AWS's rendering: `CODE: message at /pointer`.
    pub fn aws_message(&self) -> String {
        let at = if self.pointer.is_empty() { "/" } else { &self.pointer };
        format!("{}: {} at {}", self.code, self.message, at)
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.aws_message())
    }
}
