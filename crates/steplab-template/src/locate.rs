//! Where a logical id is in the template's text: the first line (after `Resources`) that starts
//! with it as a key, in YAML (`Name:`) or JSON (`"Name":`). A plain search, not a parse: the
//! value read has no positions, and a logical id is a key of its own line in templates as written.

/// Line and column (from 1) of `logical_id`'s key.
pub(crate) fn key(text: &str, logical_id: &str) -> Option<(usize, usize)> {
    let yaml = format!("{logical_id}:");
    let json = format!("\"{logical_id}\"");
    let mut after_resources = false;
    let mut first = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let column = line.len() - trimmed.len() + 1;
        if trimmed.starts_with("Resources:") || trimmed.starts_with("\"Resources\"") {
            after_resources = true;
        }
        let at = trimmed.starts_with(&yaml)
            || trimmed.starts_with(&json) && trimmed[json.len()..].trim_start().starts_with(':');
        if at {
            if after_resources {
                return Some((i + 1, column));
            }
            first.get_or_insert((i + 1, column));
        }
    }
    first
}
