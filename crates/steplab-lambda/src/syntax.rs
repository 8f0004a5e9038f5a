//! Syntax that the function's Python version rejects but RustPython (a Python 3.14) accepts: on
//! python3.11 `type` aliases, type parameter lists, PEP 701 f-strings (reused quotes, backslashes,
//! comments); up to python3.12 type parameter defaults (PEP 696); up to python3.13 unparenthesised
//! `except A, B` (PEP 758) and template strings (PEP 750); on every version syntax newer than 3.14.
//! On AWS the function's module fails to import with `Runtime.UserCodeSyntaxError`; the bootstrap
//! raises the `SyntaxError` found here instead of running the module.
//!
//! The messages are CPython 3.11's, recorded from CPython 3.11.7 (`tests/data/syntax_errors.json`).
//! CPython 3.12–3.14 could not be run where StepLab is built: for those versions the same 3.11
//! wording is used, except where CPython's source gives the version's own (see [`message`]); the
//! 3.11-only rules (3.11 reads an f-string's fields itself) apply to python3.11 only.

mod comma;
mod cpython311;
mod escapes;
mod fstring;
mod indentation;

use ruff_python_ast::PythonVersion;
use ruff_python_parser::{Mode, ParseOptions, UnsupportedSyntaxErrorKind};
use rustpython_vm::bytecode::CodeObject;
use rustpython_vm::compiler;
use rustpython_vm::{AsObject, Interpreter, PyResult, Settings, VirtualMachine};
use std::borrow::Cow;

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
    check_syntax_for(source, path, steplab_function::runtime::DEFAULT_RUNTIME)
}

/// [`check_syntax`] for a function of runtime `runtime` (`python3.12`: the syntax Python 3.12
/// accepts); a runtime StepLab does not offer is checked as the one it runs on.
pub fn check_syntax_for(source: &str, path: &str, runtime: &str) -> Option<SyntaxProblem> {
    let minor = crate::python_version::minor_of(runtime);
    let error = CHECKER.with(|interpreter| {
        interpreter.enter(|vm| compile_module(vm, source, path, minor).err())
    })?;
    Some(SyntaxProblem {
        message: error.msg,
        line: error.lineno,
        column: error.offset,
        end_line: error.end_lineno.max(error.lineno),
        end_column: if error.end_lineno > error.lineno || error.end_offset >= error.offset {
            error.end_offset
        } else {
            error.offset
        },
    })
}

/// Compiles `source` (a module imported from `path`) as CPython 3.`minor` does: its code, or the
/// `SyntaxError` it raises. RustPython's compiler is called without the warning passes of its
/// `compile` (3.11 warns of nothing there that a handler sees, and its scan for invalid escapes
/// panics on some strings left open); its error is reworded where 3.11's differs.
fn compile_module(
    vm: &VirtualMachine,
    source: &str,
    path: &str,
    minor: u8,
) -> Result<CodeObject, Python311Error> {
    let text = compilable(source);
    match compiler::compile(&text, compiler::Mode::Exec, path, vm.compile_opts()) {
        Ok(code) => match cpython_error(source, None, minor) {
            Some(error) => Err(error),
            None => Ok(code),
        },
        Err(error) => {
            let exc = vm.new_syntax_error(&error, Some(&text));
            let raised = problem_of(exc.as_object(), vm);
            let kind = if exc.fast_isinstance(vm.ctx.exceptions.tab_error) {
                "TabError"
            } else if exc.fast_isinstance(vm.ctx.exceptions.indentation_error) {
                "IndentationError"
            } else {
                "SyntaxError"
            };
            if minor < 12
                && let Some(in_field) = fstring_field_error(vm, source, path, &raised)
            {
                return Err(in_field);
            }
            Err(cpython_error(source, Some(&raised), minor).unwrap_or_else(|| {
                let source = source.replace("\r\n", "\n").replace('\r', "\n");
                Python311Error {
                    kind,
                    text: cpython311::error_text(&source, raised.line, &raised.message),
                    msg: raised.message,
                    lineno: raised.line,
                    offset: raised.column,
                    end_lineno: raised.end_line,
                    end_offset: raised.end_column,
                }
            }))
        }
    }
}

/// CPython 3.11's error for a parse error that lies in an f-string's replacement field (where
/// RustPython places it, or where its parser first fails): 3.11 parses the field's expression on
/// its own, as `(expression)`, and says "f-string: …" with the place in that text, which is the
/// error's `text`, on the field's line.
fn fstring_field_error(
    vm: &VirtualMachine,
    source: &str,
    path: &str,
    raised: &SyntaxProblem,
) -> Option<Python311Error> {
    let source = &source.replace("\r\n", "\n").replace('\r', "\n");
    let options = ParseOptions::from(Mode::Module).with_target_version(PythonVersion::PY311);
    let parsed = ruff_python_parser::parse_unchecked(source, options);
    let first = parsed.errors().iter().min_by_key(|e| e.location.start())?;
    let char_index = |byte: usize| source.get(..byte).map_or(0, |s| s.chars().count());
    let line_start: usize =
        source.split('\n').take(raised.line.saturating_sub(1)).map(|l| l.chars().count() + 1).sum();
    let places = [
        line_start + raised.column.saturating_sub(1),
        char_index(first.location.start().to_usize()),
    ];
    let fields = fstring::fields(source);
    let field = places.iter().find_map(|&at| {
        fields.iter().rfind(|f| f.start <= at && at <= f.start + f.expression.chars().count())
    })?;
    // an error before the f-string comes first (RustPython checks f-strings ahead of parsing)
    let first_at = char_index(first.location.start().to_usize());
    let string = fstring::string_around(source, field.start)?;
    if first_at < string {
        return None;
    }
    // 3.11 matches the field's brackets itself first, and raises after the string
    if !fstring::balanced(&field.expression) {
        let msg = &raised.message;
        if !(msg.starts_with("closing parenthesis ") || msg.starts_with("unmatched '")) {
            return None;
        }
        let (line, column) = cpython311::position(source, first.location.start().to_usize());
        let (lineno, offset) = fstring::after_string(source, line, column)?;
        let text = cpython311::error_text(source, lineno, "");
        let msg = format!("f-string: {msg}");
        let (end_lineno, end_offset) = (lineno, offset);
        return Some(Python311Error {
            kind: "SyntaxError",
            msg,
            lineno,
            offset,
            end_lineno,
            end_offset,
            text,
        });
    }
    let inner = compile_module(vm, &format!("({})\n", field.expression), path, 11).err()?;
    let line =
        cpython311::position(source, source.chars().take(field.start).map(char::len_utf8).sum()).0;
    Some(Python311Error {
        msg: if inner.msg.starts_with("f-string") {
            inner.msg
        } else {
            format!("f-string: {}", inner.msg)
        },
        lineno: line + inner.lineno - 1,
        end_lineno: line + inner.end_lineno.max(inner.lineno) - 1,
        ..inner
    })
}

/// `_steplab_host.compile_module(source, path, minor)`, the bootstrap's import of a function's
/// file: the module's code object, or the `SyntaxError` (`IndentationError`, `TabError`) CPython
/// 3.`minor` raises for it.
pub(crate) fn host_compile_module(
    source: String,
    path: String,
    minor: u8,
    vm: &VirtualMachine,
) -> PyResult {
    match compile_module(vm, &source, &path, minor) {
        // with the VM: a constant frozenset (`x in {"a", "b"}`) needs it to hash its elements
        Ok(code) => Ok(rustpython_vm::builtins::PyCode::new_ref_from_bytecode(vm, code).into()),
        Err(e) => {
            let class = match e.kind {
                "TabError" => vm.ctx.exceptions.tab_error,
                "IndentationError" => vm.ctx.exceptions.indentation_error,
                _ => vm.ctx.exceptions.syntax_error,
            };
            let details = vm.new_tuple((path, e.lineno, e.offset, e.text));
            let exc = class.as_object().call((e.msg, details), vm)?;
            Err(exc.downcast().map_err(|_| vm.new_system_error("not a SyntaxError"))?)
        }
    }
}

/// `source` as RustPython's `compile` is given it: lines ending in `\n` (CPython's import
/// translates `\r\n` and `\r`) and a final newline, as CPython's tokenizer reads it. RustPython's
/// `compile` panics on a string left open at the end of the code that holds a non-ASCII character
/// (its check for invalid escapes cuts inside the character): the final newline avoids that for
/// a string in quotes, three more for one in triple quotes.
pub(crate) fn compilable(source: &str) -> Cow<'_, str> {
    let mut text = Cow::Borrowed(source);
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n").into();
    }
    if !text.is_empty() && !text.ends_with('\n') {
        text.to_mut().push('\n');
    }
    if indentation::layout(&text).open_string == Some(true) {
        text.to_mut().push_str("\n\n\n");
    }
    text
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
#[derive(Debug, PartialEq)]
pub(crate) struct Python311Error {
    pub(crate) kind: &'static str,
    pub(crate) msg: String,
    pub(crate) lineno: usize,
    pub(crate) offset: usize,
    pub(crate) end_lineno: usize,
    pub(crate) end_offset: usize,
    pub(crate) text: String,
}

/// CPython 3.`minor`'s `SyntaxError` for `source` where it differs from `raised`, RustPython's
/// (none when RustPython compiles the module): the tokenizer's indentation errors, which come
/// before the parser's; then syntax newer than the version, which comes before the compiler's
/// errors; then RustPython's error, reworded where 3.11 words or places it otherwise.
pub(crate) fn cpython_error(
    source: &str,
    raised: Option<&SyntaxProblem>,
    minor: u8,
) -> Option<Python311Error> {
    let source = &source.replace("\r\n", "\n").replace('\r', "\n");
    let target = PythonVersion { major: 3, minor };
    let options = ParseOptions::from(Mode::Module).with_target_version(target);
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
        let newer_at = newer.map(|e| e.range.start().to_usize());
        // 3.11 reads an f-string's fields itself: brackets and strings in a field, a field left
        // open (PEP 701 lets them span the quotes RustPython reads as the string's)
        if minor < 12
            && let Some((string, msg)) = fstring::first_scan_error(source)
        {
            let byte: usize = source.chars().take(string).map(char::len_utf8).sum();
            if newer_at.is_none_or(|n| byte <= n) {
                let (line, column) = cpython311::position(source, byte);
                let at = fstring::after_string(source, line, column).unwrap_or((line, column));
                return error("SyntaxError", msg, at, at);
            }
        }
        // 3.11 allows one format specification inside another, not two
        let nested = (minor < 12)
            .then(|| fstring::fields(source).into_iter().find(|f| f.depth >= 2))
            .flatten();
        if let Some(field) = nested {
            let byte: usize = source.chars().take(field.start).map(char::len_utf8).sum();
            if newer_at.is_none_or(|n| byte < n) {
                let (line, column) = cpython311::position(source, byte);
                let at = fstring::after_string(source, line, column).unwrap_or((line, column));
                return error(
                    "SyntaxError",
                    "f-string: expressions nested too deeply".into(),
                    at,
                    at,
                );
            }
        }
        if let Some(newer) = newer {
            let at = cpython311::position(source, newer.range.start().to_usize());
            return error("SyntaxError", message(&newer.kind).to_owned(), at, at);
        }
    }
    let r = cpython311::reworded(source, raised?, &parsed, first)?;
    error(r.kind, r.msg, (r.line, r.offset), (r.end_line, r.end_offset))
}

/// CPython's wording for syntax newer than the function's version where it is known; otherwise
/// its generic "invalid syntax" (its parser reports most of these constructs that way, but not
/// every case is recorded). Recorded from CPython 3.11.7: the f-string and `except` texts. For
/// 3.12 and 3.13 `except A, B:` raises the same text as 3.11 (`invalid_except_stmt` in CPython's
/// `Grammar/python.gram`, unchanged until PEP 758 in 3.14); a template string `t"…"` before 3.14
/// is a name followed by a string, which CPython reports as "invalid syntax"; a type parameter
/// default (`[T=int]`) before 3.13 is not recorded and is given the generic text.
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
        expect.assert_eq(&format!("{:?}", super::cpython_error(source, None, 11)));
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
                r#"Some(Python311Error { kind: "SyntaxError", msg: "f-string: unmatched '['", lineno: 2, offset: 13, end_lineno: 2, end_offset: 13, text: "print(f\"{d[\"k\"]}\")\n" })"#
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

/// Code being typed: every prefix of every recorded case and of two handlers with non-ASCII text,
/// and each handler with one character deleted or a quote, brace or backslash inserted anywhere,
/// is checked without a panic (RustPython's own `compile` panics on some of them), and any
/// problem found lies within the text (the end of the last line at most).
#[cfg(test)]
mod edits {
    const HANDLERS: [&str; 2] = [
        "import json\n\ndef lambda_handler(event, context):\n    name = event.get('name', 'wörld')\n    msg = f\"Héllo, {name}! Prix: {event['p']:.2f} €\"\n    print(f'{msg!r} — ok')\n    return {'statusCode': 200, 'body': json.dumps({'msg': msg, 'emoji': '🎉', 'jp': 'こんにちは'})}\n",
        "def lambda_handler(event, context):\n    \"\"\"Docstring with ünïcödé — and 'quotes'.\"\"\"\n    s = '''multi\n    line € text'''\n    b = b'bytes\\x00'\n    r = r'\\d+ é'\n    return s + r\n",
    ];

    fn variants() -> Vec<String> {
        let data: serde_json::Value =
            serde_json::from_str(include_str!("../tests/data/syntax_errors.json"))
                .unwrap_or_default();
        let cases = data["cases"].as_array().cloned().unwrap_or_default();
        let mut variants = Vec::new();
        for case in &cases {
            let source = case["source"].as_str().unwrap_or_default();
            variants.extend(source.char_indices().map(|(cut, _)| source[..cut].to_owned()));
        }
        for source in HANDLERS {
            let cuts: Vec<usize> =
                source.char_indices().map(|(i, _)| i).chain([source.len()]).collect();
            for pair in cuts.windows(2) {
                let (cut, next) = (pair[0], pair[1]);
                variants.push(source[..cut].to_owned());
                variants.push(format!("{}{}", &source[..cut], &source[next..]));
                for inserted in ["'", "\"", "{", "}", "'''", "\\"] {
                    variants.push(format!("{}{inserted}{}", &source[..cut], &source[cut..]));
                }
            }
        }
        variants
    }

    #[test]
    fn code_being_typed_is_checked_and_located_within_it() {
        let variants = variants();
        assert!(variants.len() > 5000, "{}", variants.len());
        let mut outside = Vec::new();
        for source in &variants {
            if let Some(p) = super::check_syntax(source, "/var/task/lambda_function.py") {
                let text = source.replace("\r\n", "\n").replace('\r', "\n");
                let width = super::cpython311::line_text(&text, p.line).chars().count();
                if p.line > text.split('\n').count() || p.column == 0 || p.column > width + 1 {
                    outside.push(format!("{source:?}: {p:?}"));
                }
            }
        }
        assert_eq!(outside, Vec::<String>::new());
    }
}
