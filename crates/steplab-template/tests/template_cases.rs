//! Templates and what they import, as data: each template of `tests/cases/` (one file) and of
//! the repository's `tests/data/templates/` (a folder with `template.yaml` or `template.json`
//! and the files it names) is imported, and the import compared with `tests/expected/NAME.json`.
//! `UPDATE_EXPECT=1 cargo test -p steplab-template` writes the expected files anew.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use steplab_template::{Options, import};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir`, by its path relative to `dir`.
fn files(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(&next).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                let relative = path.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(relative, text);
            }
        }
    }
    out
}

fn cases() -> Vec<(String, String, BTreeMap<String, String>)> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(root().join("tests/cases")).unwrap().flatten() {
        let path = entry.path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        all.push((name, std::fs::read_to_string(&path).unwrap(), BTreeMap::new()));
    }
    let templates = root().join("../../tests/data/templates");
    for entry in std::fs::read_dir(&templates).unwrap().flatten() {
        let dir = entry.path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let files = files(&dir);
        let text = files
            .get("template.yaml")
            .or_else(|| files.get("template.json"))
            .expect("a template folder has template.yaml or template.json")
            .clone();
        all.push((name, text, files));
    }
    all.sort_by(|a, b| a.0.cmp(&b.0));
    all
}

#[test]
fn each_template_imports_as_expected() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    let cases = cases();
    assert!(cases.len() >= 5, "the cases are found");
    for (name, text, files) in cases {
        let imported = import(&text, &files, &Options::default());
        let actual = serde_json::to_string_pretty(&imported).unwrap() + "\n";
        let expected_path = root().join("tests/expected").join(format!("{name}.json"));
        if update {
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "{name}: the import differs from {}:\n{actual}",
                expected_path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn parameters_given_at_import_win_over_defaults() {
    let text = "Parameters:\n  Env: {Type: String, Default: dev}\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub q-${Env}\n";
    let mut options = Options::default();
    options.parameters.insert("Env".into(), "prod".into());
    let imported = import(text, &steplab_template::NoFiles, &options);
    assert_eq!(imported.resources[0]["input"]["QueueName"], "q-prod");
    options.parameters.insert("Nope".into(), "x".into());
    let imported = import(text, &steplab_template::NoFiles, &options);
    assert_eq!(imported.problems.len(), 1, "{:?}", imported.problems);
    assert!(imported.problems[0].message.contains("Nope"));
}

#[test]
fn the_stack_name_names_what_the_template_does_not() {
    let text = "Resources:\n  Jobs:\n    Type: AWS::SQS::Queue\n";
    let options = Options { stack_name: "shop".into(), ..Options::default() };
    let imported = import(text, &steplab_template::NoFiles, &options);
    assert_eq!(imported.resources[0]["input"]["QueueName"], "shop-Jobs");
}

#[test]
fn a_key_given_twice_keeps_its_last_value_as_the_sam_cli_reads_it() {
    let text = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: first\n      QueueName: last\n";
    let imported = import(text, &steplab_template::NoFiles, &Options::default());
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    assert_eq!(imported.resources[0]["input"]["QueueName"], "last");
}
