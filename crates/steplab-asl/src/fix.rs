//! Quick fixes on the definition's text: edits that keep the author's formatting.

use crate::source;

/// Adds `"QueryLanguage": "JSONata"` as the last member of the top-level object (where the
/// console's Code view writes it), or returns `None` when the text is not a JSON object or
/// already sets a top-level `QueryLanguage`.
pub fn add_query_language_jsonata(src: &str) -> Option<String> {
    let (value, map) = source::parse(src).ok()?;
    let obj = value.as_object()?;
    if obj.contains_key("QueryLanguage") {
        return None;
    }
    let span = map.span("")?;
    let body = src.get(span.clone())?;
    let close = span.start + body.rfind('}')?;
    // the text before the closing brace, without its trailing whitespace
    let before = src.get(..close)?.trim_end();
    let indent = obj
        .keys()
        .next()
        .and_then(|k| map.key_span(&format!("/{}", source::escape_token(k))))
        .and_then(|s| {
            let line_start = src.get(..s.start)?.rfind('\n').map_or(0, |i| i + 1);
            let ws = src.get(line_start..s.start)?;
            ws.chars().all(char::is_whitespace).then(|| ws.to_owned())
        });
    let separator = if obj.is_empty() { "" } else { "," };
    let member = match &indent {
        Some(ws) => format!("{separator}\n{ws}\"QueryLanguage\": \"JSONata\""),
        None => format!("{separator} \"QueryLanguage\": \"JSONata\""),
    };
    let closing_ws = src.get(before.len()..close).unwrap_or_default();
    let closing_ws = if indent.is_some() && !closing_ws.contains('\n') { "\n" } else { closing_ws };
    Some(format!("{before}{member}{closing_ws}{}", src.get(close..)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_query_language() {
        let lab = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/simple_lab.asl.json"
        ))
        .unwrap();
        let without = lab.replace(",\n  \"QueryLanguage\": \"JSONata\"", "");
        assert!(!crate::parse(&without).is_ok());
        let fixed = add_query_language_jsonata(&without).unwrap();
        assert_eq!(fixed, lab, "the fix restores the console's text");
        assert!(crate::parse(&fixed).is_ok());
        assert_eq!(add_query_language_jsonata(&lab), None);
        assert_eq!(
            add_query_language_jsonata(r#"{"StartAt": "A", "States": {}}"#).as_deref(),
            Some(r#"{"StartAt": "A", "States": {}, "QueryLanguage": "JSONata"}"#)
        );
        assert_eq!(add_query_language_jsonata("[1]"), None);
        assert_eq!(add_query_language_jsonata("{"), None);
    }
}
