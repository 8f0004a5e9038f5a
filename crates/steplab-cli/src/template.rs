//! `steplab run --template FILE`: a SAM or CloudFormation template imported
//! (`steplab_template`), its files read from the template's folder, and what was imported and
//! what is not printed on stderr.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use serde_json::Value;
use steplab_lambda::FunctionConfig;
use steplab_runner::Partition;
use steplab_template::{Files, Import};

/// Folders a function's code never needs read (build output, dependencies, version control):
/// listed as `name/`, not gone into.
const SKIPPED_DIRS: &[&str] = steplab_template::package::SKIPPED_DIRS;
/// Files bigger than this are not code StepLab runs (they are left out of a function's files).
const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;
/// How many files a folder listing gives at most.
const MAX_FILES: usize = 5_000;

/// The files next to a template on disk.
pub(crate) struct Folder(pub(crate) PathBuf);

impl Files for Folder {
    fn read(&self, path: &str) -> Option<String> {
        let full = self.0.join(path);
        let meta = std::fs::metadata(&full).ok()?;
        if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
            return None;
        }
        std::fs::read_to_string(full).ok()
    }

    fn list(&self, dir: &str) -> Vec<String> {
        let root = self.0.join(dir);
        let mut out = Vec::new();
        let mut pending = vec![root.clone()];
        while let Some(next) = pending.pop() {
            let Ok(entries) = std::fs::read_dir(&next) else { continue };
            for entry in entries.flatten() {
                let path = entry.path();
                let name = entry.file_name().to_string_lossy().into_owned();
                let Ok(kind) = entry.file_type() else { continue };
                if kind.is_dir() {
                    if !SKIPPED_DIRS.contains(&name.as_str()) {
                        pending.push(path);
                    } else if let Ok(relative) = path.strip_prefix(&root) {
                        out.push(format!("{}/", relative.to_string_lossy().replace('\\', "/")));
                    }
                } else if kind.is_file()
                    && let Ok(relative) = path.strip_prefix(&root)
                {
                    out.push(relative.to_string_lossy().replace('\\', "/"));
                    if out.len() >= MAX_FILES {
                        return out;
                    }
                }
            }
        }
        out.sort();
        out
    }
}

/// Imports the template at `path`.
pub(crate) fn import(path: &Path, text: &str, options: &steplab_template::Options) -> Import {
    let folder = path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    steplab_template::import(text, &Folder(folder), options)
}

/// What was imported and what not, on stderr.
pub(crate) fn report(path: &Path, imported: &Import) {
    let file = path.display();
    let names =
        |items: Vec<String>| if items.is_empty() { "none".to_owned() } else { items.join(", ") };
    eprintln!(
        "{file}: imported functions: {}",
        names(
            imported.functions.iter().map(|f| format!("{} ({})", f.logical_id, f.name)).collect()
        )
    );
    eprintln!(
        "{file}: imported state machines: {}",
        names(
            imported
                .state_machines
                .iter()
                .map(|m| format!("{} ({})", m.logical_id, m.name))
                .collect()
        )
    );
    eprintln!(
        "{file}: {} resource calls (tables, queues, topics, buckets, rules)",
        imported.resources.len()
    );
    for (title, list) in [
        ("accepted, nothing to emulate", &imported.accepted),
        ("not created", &imported.skipped),
        ("unsupported", &imported.unsupported),
    ] {
        for l in list {
            let at = l.line.map(|line| format!(":{line}")).unwrap_or_default();
            eprintln!("{file}{at}: {title}: {} ({}): {}", l.logical_id, l.resource_type, l.reason);
        }
    }
    for f in &imported.functions {
        for skipped in &f.skipped_files {
            eprintln!("{file}: function {}: left out of its package: {skipped}", f.logical_id);
        }
    }
    for p in &imported.problems {
        let at = p.line.map(|line| format!(":{line}")).unwrap_or_default();
        eprintln!("{file}{at}: problem: {p}");
    }
}

/// The state machine `wanted` names (a logical id or a name), or the template's only one.
pub(crate) fn pick<'a>(
    imported: &'a Import,
    wanted: Option<&str>,
) -> Result<&'a steplab_template::StateMachine> {
    let all = || {
        imported.state_machines.iter().map(|m| m.logical_id.as_str()).collect::<Vec<_>>().join(", ")
    };
    match wanted {
        Some(w) => {
            match imported.state_machines.iter().find(|m| m.logical_id == w || m.name == w) {
                Some(m) => Ok(m),
                None => bail!(
                    "--state-machine {w}: the template imported no such state machine (it has: {})",
                    all()
                ),
            }
        }
        None => match imported.state_machines.as_slice() {
            [only] => Ok(only),
            [] => bail!("the template imported no state machine"),
            _ => bail!(
                "the template has several state machines ({}): choose one with --state-machine LOGICAL_ID",
                all()
            ),
        },
    }
}

/// Function `f` as the run's Lambda function: its handler's file as its code, the rest of its
/// folder as its package's other files, its runtime the one StepLab runs it on (the nearest
/// version of its language).
pub(crate) fn function_config(
    f: &steplab_template::Function,
    partition: &Partition,
) -> Result<FunctionConfig> {
    let Some(file) = f.handler_file() else {
        bail!("function {}: the handler's file is not in its code", f.logical_id);
    };
    let Some(runtime) = steplab_function::runtime::runs_on(&f.runtime) else {
        bail!("function {}: StepLab does not run {}", f.logical_id, f.runtime);
    };
    let mut config =
        crate::functions::config(&f.name, &f.files[file], file, Some(&f.handler), partition);
    config.files =
        f.files.iter().filter(|(p, _)| *p != file).map(|(p, t)| (p.clone(), t.clone())).collect();
    if let Err(e) = config.check_package() {
        bail!("function {}: {e}", f.logical_id);
    }
    runtime.clone_into(&mut config.runtime);
    config.environment.clone_from(&f.environment);
    config.timeout_seconds = f.timeout;
    config.memory_size_mb = f.memory_size;
    config.logging.clone_from(&f.logging);
    Ok(config)
}

/// The template's resource calls, then those of `--resources` (a list of calls) after them.
pub(crate) fn seed(imported: &Import, extra: Option<Value>) -> Result<Value> {
    let mut calls = imported.resources.clone();
    match extra {
        None => {}
        Some(Value::Array(more)) => calls.extend(more),
        Some(_) => bail!(
            "--resources with --template: give a list of service calls (a saved state cannot be combined with the template's resources)"
        ),
    }
    Ok(Value::Array(calls))
}

/// A function given as a folder (`--function NAME=DIR[:HANDLER]`): its files as
/// [`steplab_template::package`] selects them for a `CodeUri` folder, and the handler's file
/// (the handler given, or the first of `lambda_function.py`, `app.py`, `index.mjs`, `index.js`,
/// `index.cjs` the folder has, with its default handler).
pub(crate) struct FolderFunction {
    pub(crate) handler: String,
    pub(crate) file_name: String,
    pub(crate) code: String,
    pub(crate) files: std::collections::BTreeMap<String, String>,
    pub(crate) skipped: Vec<String>,
}

pub(crate) fn folder_function(dir: &Path, handler: Option<&str>) -> Result<FolderFunction> {
    let folder = Folder(dir.to_path_buf());
    let (mut files, skipped) =
        steplab_template::package::select_files(folder.list(""), |p| folder.read(p));
    let (handler, file_name) = match handler {
        Some(handler) => {
            let module = handler.rsplit_once('.').map_or(handler, |(m, _)| m);
            let candidates = [
                format!("{}.py", module.replace('.', "/")),
                format!("{module}.mjs"),
                format!("{module}.js"),
                format!("{module}.cjs"),
            ];
            let Some(file) = candidates.into_iter().find(|c| files.contains_key(c)) else {
                bail!(
                    "{}: the handler {handler}'s module has no file in the folder ({}.py, .mjs, .js or .cjs)",
                    dir.display(),
                    module.replace('.', "/")
                );
            };
            (handler.to_owned(), file)
        }
        None => {
            let defaults = [
                ("lambda_function.py", "lambda_function.lambda_handler"),
                ("app.py", "app.lambda_handler"),
                ("index.mjs", "index.handler"),
                ("index.js", "index.handler"),
                ("index.cjs", "index.handler"),
            ];
            let Some((file, handler)) = defaults.iter().find(|(f, _)| files.contains_key(*f))
            else {
                bail!(
                    "{}: no lambda_function.py, app.py or index.mjs/.js/.cjs in the folder: give the handler (NAME=DIR:HANDLER)",
                    dir.display()
                );
            };
            ((*handler).to_owned(), (*file).to_owned())
        }
    };
    let code = files.remove(&file_name).unwrap_or_default();
    Ok(FolderFunction { handler, file_name, code, files, skipped })
}
