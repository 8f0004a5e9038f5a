//! The files of a template to import: a folder the person chose (each file with its path in the
//! folder), a zip, or the template alone. The template is `template.yaml`, `template.yml` or
//! `template.json` at the top (SAM's names), or the one template file given. Limits keep a
//! mistaken choice (a home folder, a huge zip) from filling memory: folders a function never needs
//! (`.aws-sam`, `.git`, `node_modules`, …) are skipped, and each file and the whole are capped.

use std::collections::BTreeMap;
use std::io::Read;

/// Folders skipped, as the CLI skips them.
const SKIPPED_DIRS: [&str; 5] = [".aws-sam", ".git", "node_modules", "__pycache__", ".venv"];
/// The largest file read (bigger ones are left out: not code StepLab runs).
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;
/// The most bytes read in all.
pub const MAX_TOTAL_BYTES: u64 = 32 * 1024 * 1024;
/// The most files read.
pub const MAX_FILES: usize = 5_000;

/// The template's names SAM looks for, in order.
const TEMPLATE_NAMES: [&str; 3] = ["template.yaml", "template.yml", "template.json"];

/// A template with the files beside it, by path relative to the template's folder.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Chosen {
    /// The template's path as chosen (for messages).
    pub template_path: String,
    pub template: String,
    pub files: BTreeMap<String, String>,
    /// Files left out (too large, not text, over the limits), for the person to know.
    pub left_out: Vec<String>,
}

/// Whether a path goes through a folder that is skipped.
fn skipped(path: &str) -> bool {
    path.split('/').any(|part| SKIPPED_DIRS.contains(&part))
}

/// `paths` without the folder they all share at the top (a chosen folder's own name).
fn without_top(files: BTreeMap<String, String>) -> BTreeMap<String, String> {
    let top = files.keys().next().and_then(|k| k.split_once('/')).map(|(t, _)| format!("{t}/"));
    match top {
        Some(top) if files.keys().all(|k| k.starts_with(&top)) => {
            files.into_iter().map(|(k, v)| (k[top.len()..].to_owned(), v)).collect()
        }
        _ => files,
    }
}

/// The template among `files` (at the top, by SAM's names), with the rest beside it.
pub fn from_files(
    files: BTreeMap<String, String>,
    left_out: Vec<String>,
) -> Result<Chosen, String> {
    let files = without_top(files);
    let Some(name) = TEMPLATE_NAMES.iter().find(|n| files.contains_key(**n)) else {
        return Err(format!(
            "No template found: StepLab looks for {} at the top of the folder or zip.",
            TEMPLATE_NAMES.join(", ")
        ));
    };
    let template = files[*name].clone();
    Ok(Chosen { template_path: (*name).to_owned(), template, files, left_out })
}

/// The files of a zip, as [`from_files`] takes them.
pub fn unzip(bytes: &[u8]) -> Result<(BTreeMap<String, String>, Vec<String>), String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("The file is not a zip archive StepLab can read: {e}."))?;
    let mut files = BTreeMap::new();
    let mut left_out = Vec::new();
    let mut total = 0u64;
    for i in 0..archive.len() {
        let mut entry =
            archive.by_index(i).map_err(|e| format!("The zip archive is damaged: {e}."))?;
        if entry.is_dir() {
            continue;
        }
        let Ok(name) = entry.name().map(|n| n.replace('\\', "/")) else {
            return Err("The zip archive has an entry whose name is not valid.".into());
        };
        if skipped(&name) {
            continue;
        }
        if files.len() >= MAX_FILES
            || entry.size() > MAX_FILE_BYTES
            || total + entry.size() > MAX_TOTAL_BYTES
        {
            left_out.push(name);
            continue;
        }
        // read at most the limit, whatever the entry says its size is (a zip bomb stops there)
        let mut bytes = Vec::new();
        let read = (&mut entry).take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes);
        if read.is_err() || bytes.len() as u64 > MAX_FILE_BYTES {
            left_out.push(name);
            continue;
        }
        total += bytes.len() as u64;
        match String::from_utf8(bytes) {
            Ok(text) => {
                files.insert(name, text);
            }
            Err(_) => left_out.push(name),
        }
    }
    Ok((files, left_out))
}

/// Whether a path may be read, and why not.
pub fn refuse(path: &str, size: u64, count: usize, total: u64) -> Option<String> {
    if skipped(path) {
        return Some(String::new());
    }
    (count >= MAX_FILES || size > MAX_FILE_BYTES || total + size > MAX_TOTAL_BYTES)
        .then(|| path.to_owned())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut writer = zip::ZipWriter::new(&mut out);
        for (name, bytes) in entries {
            writer.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            writer.write_all(bytes).unwrap();
        }
        writer.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn a_zipped_sam_folder_gives_its_template_and_files() {
        let bytes = zip_of(&[
            ("app/template.yaml", b"Resources: {}\n"),
            ("app/functions/a/app.py", b"def lambda_handler(e, c): return 1\n"),
            ("app/.aws-sam/build/x.py", b"skipped"),
            ("app/logo.png", &[0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe]),
        ]);
        let (files, left_out) = unzip(&bytes).unwrap();
        let chosen = from_files(files, left_out).unwrap();
        assert_eq!(chosen.template, "Resources: {}\n");
        assert_eq!(
            chosen.files.keys().collect::<Vec<_>>(),
            ["functions/a/app.py", "template.yaml"]
        );
        assert_eq!(chosen.left_out, ["app/logo.png"]);
    }

    #[test]
    fn without_a_template_or_not_a_zip_the_message_says_so() {
        let bytes = zip_of(&[("readme.md", b"hi")]);
        let (files, left_out) = unzip(&bytes).unwrap();
        assert!(from_files(files, left_out).unwrap_err().starts_with("No template found"));
        assert!(unzip(b"not a zip").unwrap_err().starts_with("The file is not a zip archive"));
    }
}
