//! The Python version a function runs on: the Python runtime StepLab offers for its runtime
//! (`python3.9` runs on python3.11, [`steplab_function::runtime::runs_on`]), as its minor number.

use steplab_function::runtime::{self, DEFAULT_RUNTIME};

/// The offered Python runtime a function of runtime `runtime` runs on; python3.11 for a runtime
/// that is not Python (this crate runs Python only).
pub(crate) fn python_runtime(runtime: &str) -> &'static str {
    runtime::runs_on(runtime)
        .filter(|offered| offered.starts_with("python"))
        .unwrap_or(DEFAULT_RUNTIME)
}

/// The minor version of [`python_runtime`]: `python3.12` → 12.
pub(crate) fn minor_of(runtime: &str) -> u8 {
    runtime::python_minor(python_runtime(runtime))
        .and_then(|minor| u8::try_from(minor).ok())
        .unwrap_or(11)
}

#[cfg(test)]
mod tests {
    #[test]
    fn runtimes_and_their_versions() {
        assert_eq!(super::python_runtime("python3.13"), "python3.13");
        assert_eq!(super::python_runtime("python3.8"), "python3.11");
        assert_eq!(super::python_runtime("nodejs22.x"), "python3.11");
        assert_eq!(super::minor_of("python3.14"), 14);
        assert_eq!(super::minor_of("python3.10"), 11);
    }
}
