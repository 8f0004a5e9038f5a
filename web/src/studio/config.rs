//! Config mode's settings kept with a state machine: logging, X-Ray tracing, tags. StepLab records them
//! (and shows them) but does not act on them: there is no CloudWatch Logs or X-Ray here.

use serde::{Deserialize, Serialize};

/// The console's log levels.
pub const LOG_LEVELS: [&str; 4] = ["OFF", "ALL", "ERROR", "FATAL"];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MachineConfig {
    /// One of [`LOG_LEVELS`].
    pub log_level: String,
    pub include_execution_data: bool,
    pub tracing: bool,
    /// Key and value, in the order entered.
    pub tags: Vec<(String, String)>,
    /// Mocked task responses in the `MockConfigFile` format (StepLab; empty: none).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub mocks: String,
}

impl Default for MachineConfig {
    fn default() -> Self {
        Self {
            log_level: "OFF".into(),
            include_execution_data: false,
            tracing: false,
            tags: Vec::new(),
            mocks: String::new(),
        }
    }
}

impl MachineConfig {
    /// What is wrong with the tags, in the console's terms (AWS tag rules: key 1-128 characters, value up to
    /// 256, keys unique, not starting with `aws:`, at most 50 tags).
    pub fn tag_problem(&self) -> Option<String> {
        if self.tags.len() > 50 {
            return Some("You can add up to 50 tags.".into());
        }
        for (i, (k, v)) in self.tags.iter().enumerate() {
            if k.is_empty() || k.chars().count() > 128 {
                return Some(format!("Tag {}: the key must be 1-128 characters.", i + 1));
            }
            if k.to_lowercase().starts_with("aws:") {
                return Some(format!("Tag {}: keys starting with \"aws:\" are reserved.", i + 1));
            }
            if v.chars().count() > 256 {
                return Some(format!("Tag {}: the value can be up to 256 characters.", i + 1));
            }
            if self.tags[..i].iter().any(|(other, _)| other == k) {
                return Some(format!("Tag {}: the key {k} is used twice.", i + 1));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_old_saves() {
        let old: MachineConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(old, MachineConfig::default());
        assert_eq!(old.log_level, "OFF");
    }

    #[test]
    fn tag_rules() {
        let mut c = MachineConfig::default();
        assert_eq!(c.tag_problem(), None);
        c.tags = vec![("team".into(), "a".into()), ("team".into(), "b".into())];
        assert_eq!(c.tag_problem().as_deref(), Some("Tag 2: the key team is used twice."));
        c.tags = vec![("aws:x".into(), String::new())];
        assert_eq!(
            c.tag_problem().as_deref(),
            Some("Tag 1: keys starting with \"aws:\" are reserved.")
        );
        c.tags = vec![(String::new(), String::new())];
        assert_eq!(c.tag_problem().as_deref(), Some("Tag 1: the key must be 1-128 characters."));
    }
}
