//! Where a logical id is in the template's text: the line (after `Resources`) that starts with it
//! as a key, in YAML (`Name:`) or JSON (`"Name":`), the least indented one (a resource's own key,
//! not a `DefinitionSubstitutions` key of the same name deeper in another resource), the first of
//! those. A plain search, not a parse: the value read has no positions, and a logical id is a key
//! of its own line in templates as written.

/// Line and column (from 1) of `logical_id`'s key.
pub(crate) fn key(text: &str, logical_id: &str) -> Option<(usize, usize)> {
    let yaml = format!("{logical_id}:");
    let json = format!("\"{logical_id}\"");
    let mut after_resources = false;
    let mut first = None;
    let mut best: Option<(usize, usize)> = None;
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
                if best.is_none_or(|(_, c)| column < c) {
                    best = Some((i + 1, column));
                }
            } else {
                first.get_or_insert((i + 1, column));
            }
        }
    }
    best.or(first)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_resource_s_own_key_is_found_before_a_deeper_key_of_the_same_name() {
        let text = "Resources:\n  Machine:\n    Properties:\n      DefinitionSubstitutions:\n        Fn: x\n  Fn:\n    Type: AWS::Serverless::Function\n";
        assert_eq!(super::key(text, "Fn"), Some((6, 3)));
        assert_eq!(super::key(text, "Machine"), Some((2, 3)));
        assert_eq!(super::key(text, "Nothing"), None);
    }
}
