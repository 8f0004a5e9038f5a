//! [`Files`]: how the importer reads the files a template names, relative to the template.

use std::collections::BTreeMap;

/// The files next to a template, by path relative to the template's folder (`/`-separated,
/// without `./`): a folder on disk, a dropped folder, or a zip the caller unpacked.
pub trait Files {
    /// The text of the file at `path`, or `None` when there is none (or it is not UTF-8 text).
    fn read(&self, path: &str) -> Option<String>;
    /// The files under folder `dir` (`""` for the template's own folder), every level down, as
    /// paths relative to `dir`. A folder it does not go into (`node_modules`: see
    /// [`crate::package::SKIPPED_DIRS`]) may be given as its path ending in `/`, so the import
    /// can say it was left out.
    fn list(&self, dir: &str) -> Vec<String>;
}

/// No files: a template whose code is all inline (`InlineCode`, `ZipFile`, `Definition`).
pub struct NoFiles;

impl Files for NoFiles {
    fn read(&self, _: &str) -> Option<String> {
        None
    }
    fn list(&self, _: &str) -> Vec<String> {
        Vec::new()
    }
}

/// Files in memory, by path relative to the template's folder.
impl Files for BTreeMap<String, String> {
    fn read(&self, path: &str) -> Option<String> {
        self.get(&normalize(path)).cloned()
    }
    fn list(&self, dir: &str) -> Vec<String> {
        let dir = normalize(dir);
        let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
        self.keys().filter_map(|k| k.strip_prefix(&prefix).map(str::to_owned)).collect()
    }
}

/// `path` without `./`, a trailing `/` or doubled separators; `..` is kept (the caller decides
/// what a path out of the template's folder reads).
pub(crate) fn normalize(path: &str) -> String {
    path.replace('\\', "/")
        .split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .collect::<Vec<_>>()
        .join("/")
}
