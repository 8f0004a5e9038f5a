//! JSON syntax highlighting for Code mode, with the validation diagnostics marked at their span.

use std::ops::Range;

/// A run of text with one look.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub range: Range<usize>,
    /// `key`, `string`, `number`, `literal`, `punct`, or empty for white space and stray text.
    pub class: &'static str,
    /// `error` or `warning` when a diagnostic's span covers it.
    pub mark: Option<&'static str>,
}

/// The tokens of `text` (lenient: text that is not JSON is left unclassed).
fn tokens(text: &str) -> Vec<(Range<usize>, &'static str)> {
    let bytes = text.as_bytes();
    let mut out: Vec<(Range<usize>, &'static str)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let class = match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(bytes.len());
                // a string followed by `:` is a key
                let rest = text[i..].trim_start_matches([' ', '\t', '\r', '\n']);
                if rest.starts_with(':') { "key" } else { "string" }
            }
            b'-' | b'0'..=b'9' => {
                while i < bytes.len()
                    && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                "number"
            }
            b'{' | b'}' | b'[' | b']' | b':' | b',' => {
                i += 1;
                "punct"
            }
            b if b.is_ascii_alphabetic() => {
                while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                if matches!(&text[start..i], "true" | "false" | "null") { "literal" } else { "" }
            }
            _ => {
                // white space and anything else, up to the next token start
                i += 1;
                while i < bytes.len()
                    && !matches!(
                        bytes[i],
                        b'"' | b'-' | b'0'..=b'9' | b'{' | b'}' | b'[' | b']' | b':' | b','
                    )
                    && !bytes[i].is_ascii_alphabetic()
                {
                    i += 1;
                }
                ""
            }
        };
        while i < bytes.len() && !text.is_char_boundary(i) {
            i += 1;
        }
        out.push((start..i.min(bytes.len()), class));
    }
    out
}

/// `text` cut into pieces by token and by diagnostic span (`marks`: span and `error`/`warning`).
/// An empty span marks the character at its start.
pub fn pieces(text: &str, marks: &[(Range<usize>, &'static str)]) -> Vec<Piece> {
    let fit = |mut o: usize| {
        o = o.min(text.len());
        while !text.is_char_boundary(o) {
            o += 1;
        }
        o
    };
    let marks: Vec<(Range<usize>, &'static str)> = marks
        .iter()
        .map(|(r, m)| {
            let start = fit(r.start);
            let end = if r.end > r.start { fit(r.end) } else { fit(start + 1) };
            (start..end.max(start), *m)
        })
        .filter(|(r, _)| !r.is_empty())
        .collect();
    let mut out = Vec::new();
    for (range, class) in tokens(text) {
        let mut cuts = vec![range.start, range.end];
        for (r, _) in &marks {
            for b in [r.start, r.end] {
                if b > range.start && b < range.end {
                    cuts.push(b);
                }
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        for w in cuts.windows(2) {
            let piece = w[0]..w[1];
            let mark = marks
                .iter()
                .find(|(r, _)| r.start <= piece.start && piece.end <= r.end)
                .map(|(_, m)| *m);
            out.push(Piece { range: piece, class, mark });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;

    fn show(text: &str, marks: &[(Range<usize>, &'static str)]) -> String {
        pieces(text, marks)
            .iter()
            .map(|p| {
                format!(
                    "{}{}[{}]",
                    p.class,
                    p.mark.map(|m| format!("!{m}")).unwrap_or_default(),
                    &text[p.range.clone()]
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn tokens_and_marks() {
        expect![[r#"punct[{] key["a"] punct[:] [ ] number[-1.5e3] punct[,] key["b"] [ ] punct[:] [ ] punct[[] literal[true] punct[,] literal[null] punct[,] string["x\"y"] punct[]] punct[}]"#]]
            .assert_eq(&show(r#"{"a": -1.5e3,"b" : [true,null,"x\"y"]}"#, &[]));
        let text = r#"{"Next": "Nowhere"}"#;
        expect![[r#"punct[{] key["Next"] punct[:] [ ] string!error["Nowhere"] punct[}]"#]]
            .assert_eq(&show(text, &[(9..18, "error")]));
        expect![[
            r#"punct[{] key["N] key!warning[ex] key[t"] punct[:] [ ] string["Nowhere"] punct[}]"#
        ]]
        .assert_eq(&show(text, &[(3..5, "warning")]));
        // an empty span marks one character; spans past the end are cut
        expect![[r#"punct!error[{] [ ] [oops]"#]]
            .assert_eq(&show("{ oops", &[(0..0, "error"), (40..50, "error")]));
    }

    #[test]
    fn pieces_cover_the_text_exactly() {
        let text = "{\"é\": \"ü\u{1F600}\", \"n\": 1\n}\u{00A0}";
        let p = pieces(text, &[(2..5, "error")]);
        let joined: String = p.iter().map(|p| &text[p.range.clone()]).collect();
        assert_eq!(joined, text);
    }
}
