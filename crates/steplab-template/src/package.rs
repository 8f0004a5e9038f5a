//! Which files of a `CodeUri` folder become the function's package (`/var/task`).
//!
//! On Lambda the whole folder is deployed (with what `sam build` adds). StepLab keeps text files
//! only, within `steplab_function::package`'s limits, and leaves out what a browser should not
//! carry and StepLab cannot run anyway:
//! - folders of dependencies, build output, caches and version control ([`SKIPPED_DIRS`]:
//!   `node_modules`, `.aws-sam`, `__pycache__`, `.venv`, `.git`, …): `sam build` installs
//!   dependencies from `requirements.txt`/`package.json`, which StepLab does not;
//! - compiled or system files (`*.pyc`, `.DS_Store`);
//! - files that are not UTF-8 text (images, archives, native libraries);
//! - what goes past the package limits, in path order.
//!
//! A `tests` folder is kept: SAM deploys it, and a handler may import from it. Each file or
//! folder left out is named, with why, in [`crate::Function::skipped_files`].

use std::collections::BTreeMap;

use steplab_function::package::{MAX_FILES, MAX_PACKAGE_BYTES};

/// Folders left out of a function's package, wherever they are in it.
pub const SKIPPED_DIRS: &[&str] = &[
    "node_modules",
    ".aws-sam",
    "__pycache__",
    ".venv",
    "venv",
    ".git",
    ".hg",
    ".svn",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".idea",
    ".vscode",
];

/// Why a path (relative to the `CodeUri` folder) is left out before it is read, if it is.
fn left_out(path: &str) -> Option<(String, &'static str)> {
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    if let Some(i) = parts.iter().position(|p| SKIPPED_DIRS.contains(p)) {
        let why = match parts[i] {
            "node_modules" | ".venv" | "venv" => {
                "dependencies (StepLab runs the folder as it is, without installing packages)"
            }
            ".aws-sam" => "sam build's output",
            "__pycache__" | ".pytest_cache" | ".mypy_cache" | ".ruff_cache" => "a cache",
            _ => "not code (version control, an editor's settings)",
        };
        return Some((format!("{}/", parts[..=i].join("/")), why));
    }
    let name = parts.last().copied().unwrap_or_default();
    if name.ends_with(".pyc") || name == ".DS_Store" {
        return Some((path.to_owned(), "a compiled or system file"));
    }
    None
}

/// The package of a folder listed as `paths` (relative to it; a folder the [`crate::Files`] did
/// not descend into ends in `/`), each file's text read by `read` (`None`: not text): the files
/// kept, and what was left out with why.
pub fn select_files(
    paths: Vec<String>,
    read: impl Fn(&str) -> Option<String>,
) -> (BTreeMap<String, String>, Vec<String>) {
    let mut kept = BTreeMap::new();
    let mut skipped: BTreeMap<String, (&str, usize)> = BTreeMap::new();
    let mut bytes = 0usize;
    let mut over = Vec::new();
    for path in paths {
        if let Some((shown, why)) = left_out(&path) {
            let entry = skipped.entry(shown).or_insert((why, 0));
            entry.1 += usize::from(!path.ends_with('/'));
            continue;
        }
        if path.ends_with('/') {
            continue;
        }
        let Some(text) = read(&path) else {
            skipped.insert(path, ("not read: not text, or too large", 1));
            continue;
        };
        if kept.len() >= MAX_FILES || bytes + text.len() > MAX_PACKAGE_BYTES {
            over.push(path);
            continue;
        }
        bytes += text.len();
        kept.insert(path, text);
    }
    let mut notes: Vec<String> = skipped
        .into_iter()
        .map(|(path, (why, files))| {
            if path.ends_with('/') && files > 0 {
                let s = if files == 1 { "" } else { "s" };
                format!("{path} ({files} file{s}): {why}")
            } else {
                format!("{path}: {why}")
            }
        })
        .collect();
    notes.extend(over.into_iter().map(|path| {
        format!(
            "{path}: past StepLab's limit for a function's package ({MAX_FILES} files, {} KB of text)",
            MAX_PACKAGE_BYTES / 1024
        )
    }));
    (kept, notes)
}

#[cfg(test)]
mod tests {
    use super::select_files;

    #[test]
    fn dependencies_caches_and_binaries_are_left_out_and_named() {
        let paths = [
            "app.py",
            "util/__init__.py",
            "util/__pycache__/x.cpython-311.pyc",
            "node_modules/a/index.js",
            "node_modules/b/index.js",
            ".aws-sam/",
            "logo.png",
            "tests/test_app.py",
            "stray.pyc",
        ];
        let (kept, notes) = select_files(paths.iter().map(|p| (*p).to_owned()).collect(), |p| {
            (p != "logo.png").then(|| format!("# {p}"))
        });
        assert_eq!(
            kept.keys().collect::<Vec<_>>(),
            ["app.py", "tests/test_app.py", "util/__init__.py"]
        );
        assert_eq!(
            notes,
            [
                ".aws-sam/: sam build's output",
                "logo.png: not read: not text, or too large",
                "node_modules/ (2 files): dependencies (StepLab runs the folder as it is, without installing packages)",
                "stray.pyc: a compiled or system file",
                "util/__pycache__/ (1 file): a cache",
            ]
        );
    }
}
