//! `console.log` in a function writes what Node's own `util.format` gives for the same arguments:
//! each row of the table is logged by a handler and formatted by a real `node`, and the texts are
//! compared.

mod support;

use std::process::Command;

use steplab_node::{NodeEnvironment, find_node, function_config};

/// Argument lists of `console.log`, as JavaScript (evaluated in both places with the same prelude).
const TABLE: &[&str] = &[
    "'hello'",
    "'a', 1, true, null, undefined",
    "1.5, -0, 10n, Symbol('s'), NaN, Infinity",
    "{ a: 1, b: 'two', c: [1, 2, 3] }",
    "{ a: { b: { c: { d: 1 } } } }",
    "[[[[1]]]], [], {}",
    "{ 'key-with-dash': 1, valid_id: 2, 3: 'three' }",
    "new Foo()",
    "circular",
    "stackError",
    "{ err: stackError }",
    "codeError",
    "new Map([['a', 1], ['b', { x: 2 }]]), new Set([1, 'two'])",
    "new Date(0), /ab+c/gi",
    "function named() {}, () => 1, async function af() {}, class K {}",
    "Array.from({ length: 30 }, (_, i) => i)",
    "Array.from({ length: 120 }, (_, i) => i)",
    "Array.from({ length: 10 }, (_, i) => 'item' + i)",
    "Array.from({ length: 40 }, (_, i) => 'w' + i * 37)",
    "{ long: 'x'.repeat(100), other: 'y'.repeat(40) }",
    "{ a: 'x'.repeat(56), b: 1 }",
    "{ a: 'x'.repeat(60), b: 1 }",
    "{ a: \"it's\", b: 'line\\nbreak', c: 'tab\\t' }",
    "{ s: 'line one of a long text\\nline two of a long text\\nline three of a long text here' }",
    "'%s is %d years', 'Bob', 42",
    "'%j', { a: [1, 2] }",
    "'%o and %O', { a: 1 }, { a: { b: { c: { d: {} } } } }",
    "'%i %f', '42.5', '3.25'",
    "'100%% sure', 1",
    "'%s', { a: 1 }",
    "'%s', [1, 2]",
    "'%s', new Foo()",
    "'%c styled', 'color: red'",
    "'extra %s', 'a', 'b', { c: 1 }",
    "'%j', circular",
    "'%d %s %s %s', '0x10', 5n, -0, null",
    "{ u: undefined, n: null, nested: [{ a: 1 }, { b: [1, 2, [3, [4]]] }] }",
    "Array.from({ length: 8 }, (_, i) => ({ id: i }))",
    "{ statusCode: 200, body: JSON.stringify('Hello from Lambda!'), headers: { 'Content-Type': 'application/json' } }",
    "[1, , 3], new Uint8Array([1, 2, 3]), Object.create(null), { f() {} }, [undefined, null]",
    "{ arr: Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i)) }",
    "Object.fromEntries(Array.from({ length: 20 }, (_, i) => ['k' + i, i]))",
    "new Map([[{ k: 1 }, new Set([1])]])",
    "{ records: [{ id: 'a1', status: 'ok', tags: ['x', 'y'] }, { id: 'b2', status: 'failed', tags: [] }] }",
];

/// Values the table uses. Errors get a fixed stack: a real one names the host's files.
const PRELUDE: &str = "class Foo { constructor() { this.a = 1; } }
const circular = { name: 'c' }; circular.self = circular;
const stackError = new Error('boom');
stackError.stack = 'Error: boom\\n    at handler (file:///var/task/index.mjs:3:9)';
const codeError = new Error('with code'); codeError.code = 'E_X';
codeError.stack = 'Error: with code\\n    at handler (file:///var/task/index.mjs:5:9)';
";

fn rows() -> String {
    let rows: Vec<String> = TABLE.iter().map(|row| format!("[{row}]")).collect();
    format!("[\n{}\n]", rows.join(",\n"))
}

#[test]
fn console_log_matches_nodes_util_format() {
    if !support::has_node() {
        return;
    }
    let node = find_node().expect("node");
    let script = format!(
        "{PRELUDE}const rows = {};\nprocess.stdout.write(JSON.stringify(rows.map((args) => require('util').format(...args))));",
        rows()
    );
    let output = Command::new(node).args(["-e", &script]).output().expect("node runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let expected: Vec<String> = serde_json::from_slice(&output.stdout).expect("JSON");

    let code = format!(
        "{PRELUDE}export const handler = async () => {{\n  const rows = {};\n  for (const args of rows) console.log(...args);\n}};\n",
        rows()
    );
    let mut env = NodeEnvironment::new(function_config("Format", &code));
    let request_id = "11111111-0000-4000-8000-000000000000";
    let result = env.invoke("{}", request_id);
    assert_eq!(result.function_error, None, "{}", result.payload);
    let log = support::mask_timestamps(&result.log);
    let prefix = format!("<ts>\t{request_id}\tINFO\t");
    let messages: Vec<&str> =
        log.split(&prefix).skip(1).map(|entry| entry.strip_suffix('\n').unwrap_or(entry)).collect();
    // the last entry runs into END and REPORT
    let mut messages: Vec<String> = messages.iter().map(|m| (*m).to_owned()).collect();
    if let Some(last) = messages.last_mut()
        && let Some(at) = last.find("\nEND RequestId")
    {
        last.truncate(at);
    }
    assert_eq!(messages.len(), TABLE.len(), "{log}");
    let mut failures = Vec::new();
    for ((row, ours), node) in TABLE.iter().zip(&messages).zip(&expected) {
        // the log's timestamps are masked, a Date's too
        let node = &support::mask_timestamps(node);
        if ours != node {
            failures.push(format!("console.log({row})\n  node: {node:?}\n  ours: {ours:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
