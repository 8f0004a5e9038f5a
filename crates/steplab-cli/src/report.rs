//! What the CLI prints on stderr: diagnostics with their locations, and how an execution failed.

use serde_json::{Value, json};
use steplab_asl::{Diagnostic, Execution, ExecutionStatus, Severity};

/// The `--json` report: the status with the output or the error and cause, and the history if asked.
pub(crate) fn json(execution: &Execution, history: bool) -> Value {
    let mut report = match execution.status() {
        ExecutionStatus::Succeeded { output } => json!({"status": "SUCCEEDED", "output": output}),
        ExecutionStatus::Failed { error, cause } => {
            json!({"status": "FAILED", "error": error, "cause": cause})
        }
        ExecutionStatus::TimedOut { error, cause } => {
            json!({"status": "TIMED_OUT", "error": error, "cause": cause})
        }
        ExecutionStatus::Aborted { error, cause } => {
            json!({"status": "ABORTED", "error": error, "cause": cause})
        }
        ExecutionStatus::Running => json!({"status": "RUNNING"}),
    };
    if history {
        report["history"] =
            execution.history().iter().map(steplab_asl::HistoryEvent::to_json).collect();
    }
    report
}

/// Line and column (both from 1) of byte `offset` in `src`.
pub(crate) fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let before = &src[..src.floor_char_boundary(offset.min(src.len()))];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

pub(crate) fn diagnostics(file: &str, src: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let at = match &d.span {
            Some(span) => {
                let (line, col) = line_col(src, span.start);
                format!("{file}:{line}:{col}")
            }
            None => file.to_owned(),
        };
        let pointer =
            if d.pointer.is_empty() { String::new() } else { format!(" (at {})", d.pointer) };
        eprintln!("{at}: {severity}: {}: {}{pointer}", d.code, d.message);
    }
}

pub(crate) fn failure(status: &ExecutionStatus) {
    let (what, error, cause) = match status {
        ExecutionStatus::Failed { error, cause } => ("failed", error, cause),
        ExecutionStatus::TimedOut { error, cause } => ("timed out", error, cause),
        ExecutionStatus::Aborted { error, cause } => ("was aborted", error, cause),
        ExecutionStatus::Running => {
            eprintln!("Execution is still running");
            return;
        }
        ExecutionStatus::Succeeded { .. } => return,
    };
    eprintln!("Execution {what}");
    eprintln!("Error: {}", error.as_deref().unwrap_or(""));
    eprintln!("Cause: {}", cause.as_deref().unwrap_or(""));
}

#[cfg(test)]
mod tests {
    use super::line_col;

    #[test]
    fn positions() {
        assert_eq!(line_col("{\n  \"a\": 1\n}", 4), (2, 3));
        assert_eq!(line_col("é{", 2), (1, 2));
        assert_eq!(line_col("", 9), (1, 1));
    }
}
