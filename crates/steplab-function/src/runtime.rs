//! The runtime setting: AWS's runtime identifier (`python3.11`), and the name the console shows
//! for it (`Python 3.11`). StepLab runs python3.14, 3.13, 3.12 and 3.11 and nodejs24.x, 22.x and
//! 20.x; a function of another version of those languages runs on the nearest one ([`runs_on`]).

use serde::{Deserialize, Deserializer};

/// The runtime of a function the console creates. AWS's documentation does not say which runtime
/// the console preselects (its Python walkthrough says "Choose Python 3.14"), so StepLab keeps the
/// one it has always created.
pub const DEFAULT_RUNTIME: &str = "python3.11";

/// The runtime identifier of `runtime`, given as an identifier or as the console shows it:
/// `Python 3.11` → `python3.11`, `Node.js 20.x` → `nodejs20.x`.
pub fn id(runtime: &str) -> String {
    let id: String = runtime.to_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
    id.replace("node.js", "nodejs")
}

/// The name the console shows for runtime identifier `id`: `python3.11` → `Python 3.11`,
/// `nodejs20.x` → `Node.js 20.x`; an identifier it does not know is shown as it is.
pub fn display_name(id: &str) -> String {
    if let Some(version) = id.strip_prefix("python") {
        format!("Python {version}")
    } else if let Some(version) = id.strip_prefix("nodejs") {
        format!("Node.js {version}")
    } else {
        id.to_owned()
    }
}

/// The runtimes StepLab offers and runs as they are, in the order Create function lists them: the
/// Python and Node.js runtimes AWS supports today (AWS's "Lambda runtimes" page; the Python 3.12+
/// runtimes run on Amazon Linux 2023, python3.11 on Amazon Linux 2), newest first.
pub const OFFERED: [&str; 7] = [
    "python3.14",
    "python3.13",
    "python3.12",
    "python3.11",
    "nodejs24.x",
    "nodejs22.x",
    "nodejs20.x",
];

/// The offered runtime a function of runtime `id` runs on: itself when offered, else the nearest
/// version of its language StepLab offers (`nodejs14.x` → `nodejs20.x`, `python3.7` …
/// `python3.10` → `python3.11`); `None` for a language StepLab does not run.
pub fn runs_on(id: &str) -> Option<&'static str> {
    if let Some(offered) = OFFERED.iter().find(|o| **o == id) {
        return Some(offered);
    }
    let (language, wanted) = language_version(id)?;
    let distance = |v: (u32, u32)| {
        (i64::from(v.0) - i64::from(wanted.0)).abs() * 1000
            + (i64::from(v.1) - i64::from(wanted.1)).abs()
    };
    OFFERED
        .iter()
        .filter_map(|o| language_version(o).filter(|(l, _)| *l == language).map(|(_, v)| (o, v)))
        .min_by_key(|(_, v)| distance(*v))
        .map(|(o, _)| *o)
}

/// `python3.12` → `("python", (3, 12))`, `nodejs20.x` → `("nodejs", (20, 0))` (a version read as
/// numbers: `python3.9` is older than `python3.10`).
fn language_version(id: &str) -> Option<(&'static str, (u32, u32))> {
    let (language, version) = if let Some(v) = id.strip_prefix("python") {
        ("python", v)
    } else {
        ("nodejs", id.strip_prefix("nodejs")?.trim_end_matches(".x"))
    };
    let mut parts = version.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().map_or(Some(0), |m| m.parse().ok())?;
    Some((language, (major, minor)))
}

/// The minor version of a Python runtime: `python3.12` → `Some(12)`; `None` for another language.
pub fn python_minor(id: &str) -> Option<u32> {
    match language_version(id)? {
        ("python", (3, minor)) => Some(minor),
        _ => None,
    }
}

/// Reads a runtime given either way ([`id`]): workspaces stored before the runtime was kept as
/// its identifier hold the console's name.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    String::deserialize(deserializer).map(|runtime| id(&runtime))
}

#[cfg(test)]
mod tests {
    #[test]
    fn console_names_and_identifiers() {
        assert_eq!(super::id("Python 3.11"), "python3.11");
        assert_eq!(super::id("python3.12"), "python3.12");
        assert_eq!(super::id("Node.js 20.x"), "nodejs20.x");
        assert_eq!(super::display_name("python3.11"), "Python 3.11");
        assert_eq!(super::display_name("nodejs20.x"), "Node.js 20.x");
        assert_eq!(super::display_name("java21"), "java21");
    }

    #[test]
    fn deprecated_runtimes_run_on_the_nearest_offered() {
        assert_eq!(super::runs_on("python3.11"), Some("python3.11"));
        assert_eq!(super::runs_on("python3.7"), Some("python3.11"));
        assert_eq!(super::runs_on("python3.9"), Some("python3.11"));
        assert_eq!(super::runs_on("python3.10"), Some("python3.11"));
        assert_eq!(super::runs_on("python3.12"), Some("python3.12"));
        assert_eq!(super::runs_on("python3.13"), Some("python3.13"));
        assert_eq!(super::runs_on("python3.14"), Some("python3.14"));
        assert_eq!(super::runs_on("python3.15"), Some("python3.14"));
        assert_eq!(super::runs_on("nodejs14.x"), Some("nodejs20.x"));
        assert_eq!(super::runs_on("nodejs18.x"), Some("nodejs20.x"));
        assert_eq!(super::runs_on("nodejs22.x"), Some("nodejs22.x"));
        assert_eq!(super::runs_on("java21"), None);
        assert_eq!(super::runs_on("nodejs16.x"), Some("nodejs20.x"));
    }

    #[test]
    fn python_minor_versions() {
        assert_eq!(super::python_minor("python3.9"), Some(9));
        assert_eq!(super::python_minor("python3.14"), Some(14));
        assert_eq!(super::python_minor("nodejs22.x"), None);
    }
}
