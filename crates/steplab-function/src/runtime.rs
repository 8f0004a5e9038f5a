//! The runtime setting: AWS's runtime identifier (`python3.11`), and the name the console shows
//! for it (`Python 3.11`). StepLab runs python3.11 and nodejs20.x, 22.x and 24.x; a function
//! of another version of those languages runs on the nearest one ([`runs_on`]).

use serde::{Deserialize, Deserializer};

/// The runtime of a function the console creates, and the only one StepLab runs today.
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

/// The runtimes StepLab offers and runs as they are.
pub const OFFERED: [&str; 4] = ["python3.11", "nodejs24.x", "nodejs22.x", "nodejs20.x"];

/// The offered runtime a function of runtime `id` runs on: itself when offered, else the nearest
/// version of its language StepLab offers (`nodejs14.x` → `nodejs20.x`, `python3.7` →
/// `python3.11`); `None` for a language StepLab does not run.
pub fn runs_on(id: &str) -> Option<&'static str> {
    if let Some(offered) = OFFERED.iter().find(|o| **o == id) {
        return Some(offered);
    }
    let version = |prefix: &str, id: &str| -> Option<f64> {
        id.strip_prefix(prefix)?.trim_end_matches(".x").parse().ok()
    };
    let (prefix, wanted) = match version("python", id) {
        Some(v) => ("python", v),
        None => ("nodejs", version("nodejs", id)?),
    };
    OFFERED
        .iter()
        .filter_map(|o| version(prefix, o).map(|v| (o, v)))
        .min_by(|(_, a), (_, b)| (a - wanted).abs().total_cmp(&(b - wanted).abs()))
        .map(|(o, _)| *o)
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
        assert_eq!(super::runs_on("nodejs14.x"), Some("nodejs20.x"));
        assert_eq!(super::runs_on("nodejs18.x"), Some("nodejs20.x"));
        assert_eq!(super::runs_on("nodejs22.x"), Some("nodejs22.x"));
        assert_eq!(super::runs_on("java21"), None);
    }
}
