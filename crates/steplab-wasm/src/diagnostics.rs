//! `validate`: a definition's problems as plain data, in the shape of
//! `ValidateStateMachineDefinition`'s diagnostics plus where they are in the text.

use serde::Serialize;
use steplab_asl::Severity;

/// A byte range in the definition's text (UTF-8 bytes, end exclusive).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    /// The first byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// One problem in a definition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    /// `ERROR` (AWS rejects the definition) or `WARNING`.
    pub severity: String,
    /// AWS's code, e.g. `SCHEMA_VALIDATION_FAILED`, `MISSING_TRANSITION_TARGET`.
    pub code: String,
    /// The message, in AWS's wording where known.
    pub message: String,
    /// JSON Pointer to the offending value, e.g. `/States/A/Next` (AWS's `location`).
    pub location: String,
    /// Where the offending value is in the text, when it has a place there.
    pub span: Option<Span>,
    /// The line of `span.start`, from 1.
    pub line: Option<usize>,
    /// The column of `span.start` in characters, from 1.
    pub column: Option<usize>,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, "{line}:{column}: ")?;
        }
        let at = if self.location.is_empty() { "/" } else { &self.location };
        write!(f, "{}: {} at {at}", self.code, self.message)
    }
}

/// Checks `definition` (Amazon States Language JSON text) as `ValidateStateMachineDefinition`
/// does; an empty list, or warnings only, means AWS accepts it.
pub fn validate(definition: &str) -> Vec<Diagnostic> {
    let parsed = steplab_asl::parse(definition);
    parsed.diagnostics.iter().map(|d| from_asl(definition, d)).collect()
}

pub(crate) fn from_asl(src: &str, d: &steplab_asl::Diagnostic) -> Diagnostic {
    let (line, column) = match &d.span {
        Some(span) => {
            let (line, column) = line_col(src, span.start);
            (Some(line), Some(column))
        }
        None => (None, None),
    };
    Diagnostic {
        severity: match d.severity {
            Severity::Error => "ERROR",
            Severity::Warning => "WARNING",
        }
        .to_owned(),
        code: d.code.clone(),
        message: d.message.clone(),
        location: d.pointer.clone(),
        span: d.span.as_ref().map(|s| Span { start: s.start, end: s.end }),
        line,
        column,
    }
}

/// Line and column (both from 1, the column in characters) of byte `offset` in `src`.
fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let before = &src[..src.floor_char_boundary(offset.min(src.len()))];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    fn check(definition: &str, expect: Expect) {
        let shown: Vec<String> = super::validate(definition)
            .iter()
            .map(|d| format!("{} {d} {:?}", d.severity, d.span))
            .collect();
        expect.assert_eq(&shown.join("\n"));
    }

    #[test]
    fn diagnostics_carry_code_location_and_span() {
        check(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#, expect![""]);
        check(
            "{\n  \"StartAt\": \"A\",\n  \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"B\"}}\n}",
            expect![
                "ERROR 3:44: MISSING_TRANSITION_TARGET: Missing 'Next' target: B at /States/A/Next Some(Span { start: 63, end: 66 })"
            ],
        );
        check(
            "{\"StartAt\": ",
            expect![[r#"
                ERROR 1:13: INVALID_JSON_DESCRIPTION: Unexpected end-of-input: expected JSON String, Number, Array, Object or token 'null', 'true' or 'false'
                 at [Source: (String)"{"StartAt": "; line: 1, column: 13] at / Some(Span { start: 12, end: 12 })"#]],
        );
    }
}
