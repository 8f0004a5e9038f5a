//! What StepLab's Python (RustPython 0.6, which implements Python 3.14) cannot do as AWS's runtime
//! of a given Python version does: the console shows it beside the runtime, and ARCHITECTURE.md
//! explains it. Syntax, `sys.version_info`, `AWS_EXECUTION_ENV`, the modules a version removed
//! and the response's JSON rules do follow the version; what is listed here does not.

use crate::runtime::{python_minor, runs_on};

/// The known gaps of runtime `runtime` (an identifier) as StepLab runs it, one sentence each;
/// none for a runtime that is not Python.
pub fn known_gaps(runtime: &str) -> Vec<String> {
    let Some(minor) = runs_on(runtime).and_then(python_minor) else {
        return Vec::new();
    };
    let mut gaps = Vec::new();
    if minor < 14 {
        gaps.push(format!(
            "StepLab runs Python 3.{minor} code on RustPython, which implements Python 3.14: \
             behaviour that changed after 3.{minor} is 3.14's. Annotations are evaluated lazily \
             (PEP 649), so an annotation naming an undefined name raises no NameError when its \
             function or class is defined, and modules added later (annotationlib, \
             string.templatelib) can be imported."
        ));
    }
    if minor > 11 {
        gaps.push(format!(
            "SyntaxError messages are CPython 3.11's, recorded from it: Python 3.{minor}'s own \
             wording could not be recorded and differs for some errors. A module that fails while \
             it is imported shows CPython 3.11's importlib line numbers in its stack trace."
        ));
    }
    gaps
}

#[cfg(test)]
mod tests {
    use super::known_gaps;

    #[test]
    fn gaps_per_version() {
        assert_eq!(known_gaps("python3.11").len(), 1);
        assert_eq!(known_gaps("python3.12").len(), 2);
        assert!(known_gaps("python3.13")[0].contains("Python 3.13 code"));
        assert_eq!(known_gaps("python3.14").len(), 1);
        assert!(known_gaps("python3.14")[0].contains("Python 3.14's own wording"));
        assert!(known_gaps("python3.9")[0].contains("Python 3.11 code"));
        assert!(known_gaps("nodejs22.x").is_empty());
    }
}
