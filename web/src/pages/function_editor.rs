//! The Lambda code editor: [`crate::components::editor::Editor`] on the function's code (Python
//! or JavaScript), with the syntax error marked at its span and its message in the lint gutter.

use steplab_runner::protocol::SyntaxProblem;
use yew::prelude::*;

use crate::components::editor::{Editor, Language, Mark};

#[derive(Properties, PartialEq)]
pub struct CodeSourceProps {
    pub id: AttrValue,
    /// The accessible name.
    pub label: AttrValue,
    pub value: AttrValue,
    pub on_change: Callback<String>,
    /// The syntax error to mark, if any.
    #[prop_or_default]
    pub problem: Option<SyntaxProblem>,
    #[prop_or(Language::Python)]
    pub language: Language,
}

/// The byte offset of `line` and `column` (from 1; the column in characters) in `text`.
fn offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let rest = &text[start.min(text.len())..];
    let line_text = rest.split('\n').next().unwrap_or("");
    start
        + line_text.char_indices().nth(column.saturating_sub(1)).map_or(line_text.len(), |(i, _)| i)
}

/// The problem as a mark on `text`: its span, or the rest of its line when the span is empty.
pub fn mark(text: &str, problem: &SyntaxProblem) -> Mark {
    let start = offset(text, problem.line, problem.column);
    let mut end = offset(text, problem.end_line, problem.end_column);
    if end <= start {
        end = start + text[start..].find('\n').unwrap_or(text.len() - start);
    }
    Mark {
        span: start..end,
        severity: "error",
        message: format!("SyntaxError: {}", problem.message),
    }
}

#[cfg(test)]
mod tests {
    use steplab_runner::protocol::SyntaxProblem;

    #[test]
    fn a_syntax_error_is_marked_at_its_span_or_to_the_end_of_its_line() {
        let text = "def f():\n    return é +\nx = 1\n";
        let problem = |line, column, end_line, end_column| SyntaxProblem {
            message: "invalid syntax".into(),
            line,
            column,
            end_line,
            end_column,
        };
        let m = super::mark(text, &problem(2, 12, 2, 14));
        assert_eq!(&text[m.span.clone()], "é ");
        assert_eq!(m.message, "SyntaxError: invalid syntax");
        let m = super::mark(text, &problem(2, 5, 2, 5));
        assert_eq!(&text[m.span], "return é +");
        let m = super::mark(text, &problem(9, 1, 9, 1));
        assert_eq!(m.span, text.len()..text.len());
    }
}

#[component]
pub fn CodeSource(props: &CodeSourceProps) -> Html {
    let marks: Vec<Mark> = props.problem.iter().map(|p| mark(&props.value, p)).collect();
    html! {
        <div class={classes!("code-source", props.problem.is_some().then_some("has-error"))}
            aria-invalid={props.problem.is_some().to_string()}>
            <Editor id={props.id.clone()} label={props.label.clone()} value={props.value.clone()}
                on_change={props.on_change.clone()} {marks} language={props.language} rows={24} />
        </div>
    }
}
