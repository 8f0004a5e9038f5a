//! Syntax that Python 3.11 rejects but RustPython (a Python 3.14) accepts: `type` aliases, type
//! parameter lists, PEP 701 f-strings (reused quotes, backslashes, comments), unparenthesised
//! `except A, B`, template strings, … On AWS's python3.11 the function's module fails to import with
//! `Runtime.UserCodeSyntaxError`; the bootstrap raises the `SyntaxError` found here instead of
//! running the module.

mod comma;
mod cpython311;
mod fstring;
mod indentation;

use ruff_python_ast::PythonVersion;
use ruff_python_parser::{Mode, ParseOptions, UnsupportedSyntaxErrorKind};
use rustpython_vm::{AsObject, Interpreter, PyObjectRef, PyResult, Settings, VirtualMachine};
use serde::Serialize;

/// A syntax error in a function's code, as the runtime raises it when it imports the module:
/// `SyntaxError.msg` and where it is (1-based lines and character columns; the end is exclusive
/// and equals the start when Python gives none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxProblem {
    pub message: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

thread_local! {
    /// An interpreter with the frozen standard library but none of the sandbox, enough to compile.
    static CHECKER: Interpreter = {
        let mut settings = Settings::default();
        settings.allow_external_library = false;
        settings.import_site = false;
        settings.install_signal_handlers = false;
        settings.ignore_environment = true;
        Interpreter::builder(settings).add_frozen_modules(crate::sandbox::STDLIB).build()
    };
}

/// The `SyntaxError` (or Python 3.11 syntax error) that importing `source` as `path` raises, if
/// any: what the console marks in the code editor. Never panics; nothing of `source` runs.
pub fn check_syntax(source: &str, path: &str) -> Option<SyntaxProblem> {
    let compiled = with_final_newline(source);
    let raised = CHECKER.with(|interpreter| {
        interpreter.enter(|vm| -> PyResult<Option<SyntaxProblem>> {
            let compile = vm.builtins.get_attr("compile", vm)?;
            let args: Vec<PyObjectRef> = vec![
                vm.ctx.new_str(compiled.as_ref()).into(),
                vm.ctx.new_str(path).into(),
                vm.ctx.new_str("exec").into(),
                vm.ctx.new_int(0).into(),
                vm.ctx.new_bool(true).into(),
            ];
            match compile.call(args, vm) {
                Ok(_) => Ok(None),
                Err(exc) if exc.fast_isinstance(vm.ctx.exceptions.syntax_error) => {
                    Ok(Some(problem_of(exc.as_object(), vm)))
                }
                Err(exc) => Ok(Some(SyntaxProblem {
                    message: exc.as_object().str(vm).map(|s| s.to_string()).unwrap_or_default(),
                    line: 1,
                    column: 1,
                    end_line: 1,
                    end_column: 1,
                })),
            }
        })
    });
    let raised = raised.unwrap_or_default();
    match cpython311_error(source, raised.as_ref()) {
        Some(e) => Some(SyntaxProblem {
            message: e.msg,
            line: e.lineno,
            column: e.offset,
            end_line: e.end_lineno.max(e.lineno),
            end_column: if e.end_lineno > e.lineno || e.end_offset >= e.offset {
                e.end_offset
            } else {
                e.offset
            },
        }),
        None => raised,
    }
}

/// `source` ending in a newline, as CPython's tokenizer reads it. RustPython's `compile` panics
/// on a string left open at the very end when it holds a non-ASCII character (its check for
/// invalid escapes cuts inside the character), which the newline avoids.
pub(crate) fn with_final_newline(source: &str) -> std::borrow::Cow<'_, str> {
    if source.is_empty() || source.ends_with('\n') {
        source.into()
    } else {
        format!("{source}\n").into()
    }
}

fn problem_of(exc: &rustpython_vm::PyObject, vm: &VirtualMachine) -> SyntaxProblem {
    let number = |name: &'static str| -> Option<usize> {
        let value = exc.get_attr(name, vm).ok()?;
        let n: i64 = value.try_into_value(vm).ok()?;
        usize::try_from(n).ok().filter(|n| *n > 0)
    };
    let message = exc
        .get_attr("msg", vm)
        .ok()
        .and_then(|m| m.str(vm).ok())
        .map(|m| m.to_string())
        .unwrap_or_default();
    let line = number("lineno").unwrap_or(1);
    let column = number("offset").unwrap_or(1);
    let end_line = number("end_lineno").unwrap_or(line).max(line);
    let end_column =
        number("end_offset").filter(|c| end_line > line || *c >= column).unwrap_or(column);
    SyntaxProblem { message, line, column, end_line, end_column }
}

/// A `SyntaxError` as CPython 3.11 would raise it: exception type, message, start and end (1-based
/// lines and characters) and the line.
#[derive(Debug, Serialize, PartialEq)]
pub(crate) struct Python311Error {
    #[serde(rename = "type")]
    pub(crate) kind: &'static str,
    pub(crate) msg: String,
    pub(crate) lineno: usize,
    pub(crate) offset: usize,
    pub(crate) end_lineno: usize,
    pub(crate) end_offset: usize,
    pub(crate) text: String,
}

/// The error CPython 3.11 raises for `source` where RustPython raises none (Python 3.11 syntax
/// errors: newer constructs, tabs and spaces mixed), found without an interpreter. Where
/// RustPython does raise one, [`cpython311_error`] words it as CPython 3.11 does.
pub(crate) fn python311_error(source: &str) -> Option<Python311Error> {
    cpython311_error(source, None)
}

/// CPython 3.11's `SyntaxError` for `source` where it differs from `raised`, RustPython's (none
/// when RustPython compiles the module): the tokenizer's indentation errors, which come before
/// the parser's; then syntax newer than 3.11, which comes before the compiler's errors; then
/// RustPython's error, reworded where 3.11 words or places it otherwise.
pub(crate) fn cpython311_error(
    source: &str,
    raised: Option<&SyntaxProblem>,
) -> Option<Python311Error> {
    let source = &source.replace("\r\n", "\n");
    let options = ParseOptions::from(Mode::Module).with_target_version(PythonVersion::PY311);
    let parsed = ruff_python_parser::parse_unchecked(source, options);
    let first = parsed.errors().iter().min_by_key(|e| e.location.start());
    let first_line = first.map(|e| cpython311::position(source, e.location.start().to_usize()).0);
    let error = |kind, msg: String, (lineno, offset), (end_lineno, end_offset)| {
        let text = cpython311::error_text(source, lineno, &msg);
        Some(Python311Error { kind, msg, lineno, offset, end_lineno, end_offset, text })
    };
    if let Some(p) = indentation::indentation_problem(source)
        && first_line.is_none_or(|line| p.line <= line)
    {
        return error(p.kind, p.msg.to_owned(), (p.line, p.offset), (p.line, p.offset));
    }
    if first.is_none() {
        let newer = parsed.unsupported_syntax_errors().iter().min_by_key(|e| e.range.start());
        if let Some(newer) = newer {
            let at = cpython311::position(source, newer.range.start().to_usize());
            return error("SyntaxError", message(&newer.kind).to_owned(), at, at);
        }
    }
    let r = cpython311::reworded(source, raised?, &parsed, first)?;
    error(r.kind, r.msg, (r.line, r.offset), (r.end_line, r.end_offset))
}

/// `_steplab_host.cpython311_syntax_error(source, type, msg, lineno, offset)`, for the bootstrap
/// when RustPython's `compile` raised that `SyntaxError` for `source`: `(type, msg, lineno,
/// offset, text)` of the error CPython 3.11 raises on import.
pub(crate) fn host_cpython311_syntax_error(
    source: String,
    kind: String,
    msg: String,
    line: usize,
    column: usize,
    vm: &VirtualMachine,
) -> PyObjectRef {
    let raised = SyntaxProblem { message: msg, line, column, end_line: line, end_column: column };
    match cpython311_error(&source, Some(&raised)) {
        Some(e) => vm.new_tuple((e.kind, e.msg, e.lineno, e.offset, e.text)).into(),
        None => {
            let source = source.replace("\r\n", "\n");
            let text = cpython311::error_text(&source, line, &raised.message);
            vm.new_tuple((kind, raised.message, line, column, text)).into()
        }
    }
}

/// CPython 3.11's wording where it is known; otherwise its generic "invalid syntax" (3.11's
/// parser reports most of these constructs that way, but not every case is recorded).
fn message(kind: &UnsupportedSyntaxErrorKind) -> &'static str {
    // the parser does not export the f-string and unpacking kinds: they are told apart by name
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
        UnsupportedSyntaxErrorKind::UnpackingInComprehension(unpacking) => {
            if format!("{unpacking:?}") == "DictInDict" {
                "dict unpacking cannot be used in dict comprehension"
            } else {
                "iterable unpacking cannot be used in comprehension"
            }
        }
        _ => "invalid syntax",
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    #[test]
    fn syntax_problems_are_located() {
        let cases = [
            "def lambda_handler(event, context):\n    return {'a': 1\n",
            "def lambda_handler(event, context)\n    return 1\n",
            "x = 1\n  y = 2\n",
            "return 5\n",
            "s = 'abc\n",
            "a = 1\ntype Point = tuple[float, float]\n",
            "def lambda_handler(event, context):\n    return event\n",
            "",
        ];
        let found: Vec<String> = cases
            .iter()
            .map(|source| {
                format!("{:?}", super::check_syntax(source, "/var/task/lambda_function.py"))
            })
            .collect();
        expect![[r#"
            Some(SyntaxProblem { message: "'{' was never closed", line: 2, column: 12, end_line: 2, end_column: 12 })
            Some(SyntaxProblem { message: "expected ':'", line: 1, column: 35, end_line: 1, end_column: 36 })
            Some(SyntaxProblem { message: "unexpected indent", line: 2, column: 2, end_line: 2, end_column: 2 })
            Some(SyntaxProblem { message: "'return' outside function", line: 1, column: 1, end_line: 1, end_column: 9 })
            Some(SyntaxProblem { message: "unterminated string literal (detected at line 1)", line: 1, column: 5, end_line: 1, end_column: 5 })
            Some(SyntaxProblem { message: "invalid syntax", line: 2, column: 1, end_line: 2, end_column: 1 })
            None
            None"#]].assert_eq(&found.join("\n"));
    }

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
                r#"Some(Python311Error { kind: "SyntaxError", msg: "invalid syntax", lineno: 2, offset: 1, end_lineno: 2, end_offset: 1, text: "type Point = tuple[float, float]\n" })"#
            ]],
        );
        check(
            "def first[T](items: list[T]) -> T:\n    return items[0]\n",
            expect![[
                r#"Some(Python311Error { kind: "SyntaxError", msg: "invalid syntax", lineno: 1, offset: 10, end_lineno: 1, end_offset: 10, text: "def first[T](items: list[T]) -> T:\n" })"#
            ]],
        );
        check(
            "d = {'k': 1}\nprint(f\"{d[\"k\"]}\")\n",
            expect![[
                r#"Some(Python311Error { kind: "SyntaxError", msg: "invalid syntax", lineno: 2, offset: 12, end_lineno: 2, end_offset: 12, text: "print(f\"{d[\"k\"]}\")\n" })"#
            ]],
        );
        check(
            "print(f'{\"\\n\".join(x)}')\n",
            expect![[
                r#"Some(Python311Error { kind: "SyntaxError", msg: "f-string expression part cannot include a backslash", lineno: 1, offset: 11, end_lineno: 1, end_offset: 11, text: "print(f'{\"\\n\".join(x)}')\n" })"#
            ]],
        );
        check(
            "try:\n    pass\nexcept ValueError, TypeError:\n    pass\n",
            expect![[
                r#"Some(Python311Error { kind: "SyntaxError", msg: "multiple exception types must be parenthesized", lineno: 3, offset: 8, end_lineno: 3, end_offset: 8, text: "except ValueError, TypeError:\n" })"#
            ]],
        );
    }
}

/// Every prefix of every recorded case (cut at each character) is checked without a panic, and
/// any problem found lies within the text (the end of the last line at most).
#[cfg(test)]
mod prefixes {
    #[test]
    fn every_prefix_of_the_recorded_cases_is_located_within_it() {
        let data: serde_json::Value =
            serde_json::from_str(include_str!("../tests/data/syntax_errors.json"))
                .unwrap_or_default();
        let cases = data["cases"].as_array().cloned().unwrap_or_default();
        assert!(cases.len() > 100);
        let mut outside = Vec::new();
        let mut checked = 0;
        for case in &cases {
            let source = case["source"].as_str().unwrap_or_default();
            for (cut, _) in source.char_indices().skip(1).step_by(3) {
                let prefix = &source[..cut];
                checked += 1;
                if let Some(p) = super::check_syntax(prefix, "/var/task/lambda_function.py") {
                    let lines = prefix.split('\n').count();
                    let width = super::cpython311::line_text(prefix, p.line).chars().count();
                    if p.line > lines || p.column == 0 || p.column > width + 1 {
                        outside.push(format!("{prefix:?}: {p:?}"));
                    }
                }
            }
        }
        assert!(checked > 1000, "{checked}");
        assert_eq!(outside, Vec::<String>::new());
    }
}
