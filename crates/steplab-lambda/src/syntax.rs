//! Syntax that Python 3.11 rejects but RustPython (a Python 3.14) accepts: `type` aliases, type
//! parameter lists, PEP 701 f-strings (reused quotes, backslashes, comments), unparenthesised
//! `except A, B`, template strings, … On AWS's python3.11 the function's module fails to import with
//! `Runtime.UserCodeSyntaxError`; the bootstrap raises the `SyntaxError` found here instead of
//! running the module.

use ruff_python_ast::PythonVersion;
use ruff_python_parser::{Mode, ParseOptions, UnsupportedSyntaxErrorKind};
use serde::Serialize;

/// A `SyntaxError` as CPython 3.11 would raise it: message, line, column (1-based) and the line.
#[derive(Debug, Serialize, PartialEq)]
pub(crate) struct Python311Error {
    pub(crate) msg: String,
    pub(crate) lineno: usize,
    pub(crate) offset: usize,
    pub(crate) text: String,
}

/// The first construct of `source` that Python 3.11 does not accept, when the module is otherwise
/// valid (other syntax errors are RustPython's to report).
pub(crate) fn python311_error(source: &str) -> Option<Python311Error> {
    let options = ParseOptions::from(Mode::Module).with_target_version(PythonVersion::PY311);
    let parsed = ruff_python_parser::parse_unchecked(source, options);
    if !parsed.errors().is_empty() {
        return None;
    }
    let first = parsed.unsupported_syntax_errors().iter().min_by_key(|e| e.range.start())?;
    let start = first.range.start().to_usize();
    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[start..].find('\n').map_or(source.len(), |i| start + i + 1);
    Some(Python311Error {
        msg: message(&first.kind).to_owned(),
        lineno: source[..start].matches('\n').count() + 1,
        offset: source[line_start..start].chars().count() + 1,
        text: source[line_start..line_end].to_owned(),
    })
}

/// CPython 3.11's wording where it is known; otherwise its generic "invalid syntax" (3.11's
/// parser reports most of these constructs that way, but not every case is recorded).
fn message(kind: &UnsupportedSyntaxErrorKind) -> &'static str {
    // the parser does not export the f-string kinds: they are told apart by name
    match kind {
        UnsupportedSyntaxErrorKind::Pep701FString(f_string) => {
            match format!("{f_string:?}").as_str() {
                "Backslash" => "f-string expression part cannot include a backslash",
                "Comment" => "f-string expression part cannot include '#'",
                _ => "invalid syntax",
            }
        }
        UnsupportedSyntaxErrorKind::UnparenthesizedExceptionTypes => {
            "multiple exception types must be parenthesized"
        }
        _ => "invalid syntax",
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    fn check(source: &str, expect: Expect) {
        expect.assert_eq(&format!("{:?}", super::python311_error(source)));
    }

    #[test]
    fn python311_syntax() {
        check("x = f'{1}'\nmatch x:\n    case _:\n        pass\n", expect!["None"]);
        check("def f():\n    return (\n", expect!["None"]);
        check(
            "a = 1\ntype Point = tuple[float, float]\n",
            expect![[
                r#"Some(Python311Error { msg: "invalid syntax", lineno: 2, offset: 1, text: "type Point = tuple[float, float]\n" })"#
            ]],
        );
        check(
            "def first[T](items: list[T]) -> T:\n    return items[0]\n",
            expect![[
                r#"Some(Python311Error { msg: "invalid syntax", lineno: 1, offset: 10, text: "def first[T](items: list[T]) -> T:\n" })"#
            ]],
        );
        check(
            "d = {'k': 1}\nprint(f\"{d[\"k\"]}\")\n",
            expect![[
                r#"Some(Python311Error { msg: "invalid syntax", lineno: 2, offset: 12, text: "print(f\"{d[\"k\"]}\")\n" })"#
            ]],
        );
        check(
            "print(f'{\"\\n\".join(x)}')\n",
            expect![[
                r#"Some(Python311Error { msg: "f-string expression part cannot include a backslash", lineno: 1, offset: 11, text: "print(f'{\"\\n\".join(x)}')\n" })"#
            ]],
        );
        check(
            "try:\n    pass\nexcept ValueError, TypeError:\n    pass\n",
            expect![[
                r#"Some(Python311Error { msg: "multiple exception types must be parenthesized", lineno: 3, offset: 8, text: "except ValueError, TypeError:\n" })"#
            ]],
        );
    }
}
