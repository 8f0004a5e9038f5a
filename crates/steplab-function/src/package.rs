//! A function's deployment package as StepLab keeps it: text files by their path in `/var/task`
//! ([`crate::FunctionConfig::files`] beside the code file), within limits a browser can keep.
//!
//! Lambda allows 50 MB zipped and 250 MB unzipped; StepLab keeps every function in the page's
//! memory, in IndexedDB, in share links and in exported templates, so it keeps far less:
//! [`MAX_FILES`] files and [`MAX_PACKAGE_BYTES`] of text in all (the code file included).

/// The most files a function's package may have (the code file included).
pub const MAX_FILES: usize = 500;

/// The most bytes of text a function's package may have in all (5 MiB, the code file included).
pub const MAX_PACKAGE_BYTES: usize = 5 * 1024 * 1024;

/// Whether `path` can name a file of the package: relative to `/var/task`, `/`-separated, with
/// no empty, `.` or `..` part and no backslash (`util.py`, `pkg/__init__.py`).
pub fn check_path(path: &str) -> Result<(), String> {
    if path.is_empty() {
        return Err("a file of the package has an empty path".to_owned());
    }
    if path.starts_with('/') {
        return Err(format!("{path}: a package file's path is relative to /var/task"));
    }
    if path.contains('\\') || path.contains('\0') {
        return Err(format!("{path}: a package file's path is written with / only"));
    }
    if path.split('/').any(|part| part.is_empty() || part == "." || part == "..") {
        return Err(format!("{path}: a package file's path has no empty, . or .. part"));
    }
    Ok(())
}

/// Whether the files (path in `/var/task`, text) are within the limits, or a message saying
/// which limit and by how much.
pub fn check<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<(), String> {
    let mut count = 0usize;
    let mut bytes = 0usize;
    for (path, text) in files {
        check_path(path)?;
        count += 1;
        bytes += text.len();
    }
    if count > MAX_FILES {
        return Err(format!(
            "the function's package has {count} files; StepLab keeps at most {MAX_FILES} per function"
        ));
    }
    if bytes > MAX_PACKAGE_BYTES {
        return Err(format!(
            "the function's package is {} KB of text; StepLab keeps at most {} KB per function \
             (Lambda's own limit, 250 MB unzipped, is beyond what a browser page keeps)",
            bytes.div_ceil(1024),
            MAX_PACKAGE_BYTES / 1024
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{MAX_FILES, MAX_PACKAGE_BYTES, check, check_path};

    #[test]
    fn paths_are_relative_and_plain() {
        assert_eq!(check_path("util.py"), Ok(()));
        assert_eq!(check_path("pkg/__init__.py"), Ok(()));
        for bad in ["", "/var/task/a.py", "../a.py", "a//b.py", "./a.py", "a\\b.py", "a/"] {
            assert!(check_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn too_many_files_or_bytes_are_refused_with_the_limit() {
        let names: Vec<String> = (0..=MAX_FILES).map(|i| format!("m{i}.py")).collect();
        let many = check(names.iter().map(|n| (n.as_str(), "")));
        assert!(many.unwrap_err().contains("501 files"));
        let big = "x".repeat(MAX_PACKAGE_BYTES);
        assert_eq!(check([("a.py", big.as_str())]), Ok(()));
        let err = check([("a.py", big.as_str()), ("b.py", "y")]).unwrap_err();
        assert!(err.contains("at most 5120 KB"), "{err}");
    }
}
