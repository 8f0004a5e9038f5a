//! Data-driven tests: expression, input, and the result or error as text.

use expect_test::{Expect, expect};
use serde_json::json;

use crate::{Environment, Expression};

fn run(src: &str, input: serde_json::Value, env: &Environment) -> String {
    match Expression::parse(src).and_then(|e| e.evaluate(Some(&input), env)) {
        Ok(Some(v)) => v.to_string(),
        Ok(None) => "undefined".to_owned(),
        Err(e) => format!("error {} at {}: {}", e.code, e.position, e.message),
    }
}

fn check(src: &str, input: serde_json::Value, expected: Expect) {
    expected.assert_eq(&run(src, input, &Environment::default()));
}

fn states() -> Environment {
    let mut env = Environment::aws();
    env.bind(
        "states",
        json!({
            "input": {"name": "World", "n": 3},
            "result": {"Payload": {"statusCode": 200, "message": "Hello from Step Function!"}},
            "context": {"Execution": {"Name": "exec-1", "StartTime": "2024-01-01T00:00:00.000Z"}}
        }),
    );
    env
}

#[test]
fn states_variables() {
    let env = states();
    expect![[r#"{"statusCode":200,"message":"Hello from Step Function!"}"#]].assert_eq(&run(
        "$states.result.Payload",
        json!(null),
        &env,
    ));
    expect![[r#""exec-1""#]].assert_eq(&run("$states.context.Execution.Name", json!(null), &env));
    expect![[r#""Hello World""#]].assert_eq(&run(
        "'Hello ' & $states.input.name",
        json!(null),
        &env,
    ));
    expect![[r#"{"total":6}"#]].assert_eq(&run(
        "{'total': $states.input.n * 2}",
        json!(null),
        &env,
    ));
}

#[test]
fn literals_and_numbers() {
    check("200", json!(null), expect![["200"]]);
    check("1.5 + 1.5", json!(null), expect![["3"]]);
    check(r#""a\tb\u00e9""#, json!(null), expect![[r#""a\tbé""#]]);
    check("[true, false, null]", json!(null), expect![["[true,false,null]"]]);
    check("10 / 4", json!(null), expect![["2.5"]]);
}

#[test]
fn paths_and_sequences() {
    let data = json!({"a": [{"b": 1}, {"b": [2, 3]}], "c": {"d": 4}, "e f": 5});
    check("a.b", data.clone(), expect![["[1,2,3]"]]);
    check("a[0].b", data.clone(), expect![["1"]]);
    check("a[0].b[]", data.clone(), expect![["[1]"]]);
    check("c.d", data.clone(), expect![["4"]]);
    check("`e f`", data.clone(), expect![["5"]]);
    check("a[b = 1].b", data.clone(), expect![["1"]]);
    check("$count(a)", data.clone(), expect![["2"]]);
    check("missing.path", data.clone(), expect![["undefined"]]);
    check("$$.c.d", data, expect![["4"]]);
}

#[test]
fn operators() {
    check("1 < 2 and 'a' = 'a'", json!(null), expect![["true"]]);
    check("3 in [1,2,3]", json!(null), expect![["true"]]);
    check("[1..3]", json!(null), expect![["[1,2,3]"]]);
    check("true ? 'y' : 'n'", json!(null), expect![[r#""y""#]]);
    check("($x := 5; $x * $x)", json!(null), expect![["25"]]);
    check(
        "'a' + 1",
        json!(null),
        expect![[
            r#"error T2001 at 5: The left side of the "+" operator must evaluate to a number"#
        ]],
    );
}

#[test]
fn functions_and_lambdas() {
    check("$string(12)", json!(null), expect![[r#""12""#]]);
    check("$uppercase('abc') & $lowercase('DEF')", json!(null), expect![[r#""ABCdef""#]]);
    check("$substring('hello', 1, 3)", json!(null), expect![[r#""ell""#]]);
    check("$join(['a','b'], '-')", json!(null), expect![[r#""a-b""#]]);
    check("$keys({'a':1,'b':2})", json!(null), expect![[r#"["a","b"]"#]]);
    check("$merge([{'a':1},{'b':2}])", json!(null), expect![[r#"{"a":1,"b":2}"#]]);
    check("$map([1,2,3], function($v){$v*2})", json!(null), expect![["[2,4,6]"]]);
    check("($f := function($n){$n < 2 ? 1 : $n * $f($n-1)}; $f(5))", json!(null), expect![["120"]]);
    check("$number('42')", json!(null), expect![["42"]]);
    check(
        "$number('x')",
        json!(null),
        expect![[r#"error D3030 at 8: Unable to cast value to a number: "x""#]],
    );
}

#[test]
fn syntax_errors() {
    check("(1 + ", json!(null), expect![["error S0207 at 5: Unexpected end of expression"]]);
    check("{'a' 1}", json!(null), expect![[r#"error S0202 at 6: Expected ":", got "1""#]]);
}

#[test]
fn object_key_order_is_kept() {
    check("{'z': 1, 'a': 2, 'm': 3}", json!(null), expect![[r#"{"z":1,"a":2,"m":3}"#]]);
}

#[test]
fn aws_dialect() {
    let env = states();
    expect![["0.7275636800328681"]].assert_eq(&run("$random(42)", json!(null), &env));
    expect![["[[1,2],[3]]"]].assert_eq(&run("$partition([1,2,3], 2)", json!(null), &env));
    expect![[r#""5d41402abc4b2a76b9719d911017c592""#]].assert_eq(&run(
        "$hash('hello', 'MD5')",
        json!(null),
        &env,
    ));
    expect![[r#"{"a":[1]}"#]].assert_eq(&run(r#"$parse('{"a":[1]}')"#, json!(null), &env));
    expect!["error T1006 at 6: Attempted to invoke a non-function"].assert_eq(&run(
        "$eval('1')",
        json!(null),
        &env,
    ));
}

#[test]
fn runaway_recursion_is_an_error_not_a_crash() {
    // non-tail recursion far beyond any stack: stopped by the stack/depth guard
    check(
        "($f := function($n){$n = 0 ? 0 : 1 + $f($n-1)}; $f(100000))",
        json!(null),
        expect![
            "error U1001 at 51: Stack overflow error: Check for non-terminating recursive function.  Consider rewriting as tail-recursive."
        ],
    );
    // tail recursion runs in constant stack
    check(
        "($f := function($n){$n = 0 ? 'done' : $f($n-1)}; $f(20000))",
        json!(null),
        expect![[r#""done""#]],
    );
    // an endless tail-recursive loop stops at the step limit
    let env = Environment { max_steps: 100_000, ..Environment::default() };
    expect!["error U1001 at 24: Expression evaluation timeout: Check for infinite loop"]
        .assert_eq(&run("($inf := function(){$inf()}; $inf())", json!(null), &env));
}

#[test]
fn runaway_data_growth_is_an_error() {
    // data doubling on every iteration of a tail-recursive loop: stopped by the step limit
    expect!["error U1001 at 24: Expression evaluation timeout: Check for infinite loop"].assert_eq(
        &run(
            "($f := function($s){$f([$s, $s])}; $f('a'))",
            json!(null),
            &Environment { max_steps: 1_000_000, ..Environment::default() },
        ),
    );
    // nesting without bound: refused before it can exhaust the stack
    expect!["error U1001 at 42: Stack overflow error: Check for non-terminating recursive function.  Consider rewriting as tail-recursive."]
        .assert_eq(&run(
            "($f := function($s, $n){$n = 0 ? $s : $f([[$s]], $n - 1)}; $f(1, 100000))",
            json!(null),
            &Environment::default(),
        ));
}

#[test]
fn top_level_input_references() {
    let at = |src: &str| Expression::parse(src).map(|e| e.top_level_input_reference());
    expect![[r#"
        [
            Ok(
                None,
            ),
            Ok(
                None,
            ),
            Ok(
                Some(
                    1,
                ),
            ),
            Ok(
                Some(
                    4,
                ),
            ),
            Ok(
                Some(
                    9,
                ),
            ),
            Ok(
                None,
            ),
        ]
    "#]]
    .assert_debug_eq(&[
        at("$states.input.a"),
        at("$map($states.input.items, function($v){$v.id})"),
        at("$"),
        at("name"),
        at("$count($$)"),
        at("$states.input.items[price > 5].name"),
    ]);
}

#[test]
fn top_level_references_and_states_fields() {
    let refs = |src: &str| {
        let e = Expression::parse(src).expect("parses");
        let names = |rs: Vec<crate::Reference>| {
            rs.iter().map(|r| format!("{}@{}", r.name, r.position)).collect::<Vec<_>>().join(" ")
        };
        format!("top: [{}] states: [{}]", names(e.top_level_references()), names(e.states_fields()))
    };
    expect![[r#"
        top: [] states: [input@13]
        top: [$@1 $$@6] states: []
        top: [a@1 c@11 b@14] states: []
        top: [] states: [input@18 result@61]
        top: [x@12] states: [errorOutput@34]
        top: [*@8 **@19] states: []
        top: [] states: [input@13 context@38]"#]]
    .assert_eq(
        &[
            "$states.input.a",
            "$ & $$",
            "a[x].y & {c: b}",
            "$map($states.input.items, function($v){$v.id & $states.result})",
            "{'k': $x ? x : $states.errorOutput.Cause}",
            "$count(*) + $sum(**.n)",
            "$states.input.list[$ = $states.context.Id]",
        ]
        .map(refs)
        .join("\n"),
    );
}

#[test]
fn evaluate_with_borrowed_bindings() {
    let e = Expression::parse("[$states.input.a, $x, $y, $count([1,2])]").expect("parses");
    let states = json!({"input": {"a": 1}});
    let (x, x2) = (json!("first"), json!("second"));
    let mut env = Environment::default();
    env.bind("y", json!(true));
    env.bind("x", json!("from env"));
    let got = e.evaluate_with(None, &env, &[("states", &states), ("x", &x), ("x", &x2)]);
    expect![[r#"Ok(Some(Array [Number(1), String("second"), Bool(true), Number(2)]))"#]]
        .assert_eq(&format!("{got:?}"));
    // a binding made by the expression shadows the host's
    let e = Expression::parse("($x := 5; $x + $y)").expect("parses");
    let got = e.evaluate_with(None, &Environment::default(), &[("x", &json!(1)), ("y", &json!(2))]);
    expect![[r#"Ok(Some(Number(7)))"#]].assert_eq(&format!("{got:?}"));
}

#[test]
fn evaluate_document_converted_once() {
    let data = crate::Document::from_json(&json!({"items": [{"p": 2}, {"p": 3}]}));
    let states = crate::Document::from_json(&json!({"input": {"k": 10}}));
    let e = Expression::parse("$sum(items.p) * $states.input.k + $n").expect("parses");
    let got = e.evaluate_document(
        Some(&data),
        &Environment::default(),
        &[("n", &json!(1)), ("states", &json!({"input": {"k": 0}}))],
        &[("states", &states)],
    );
    expect![[r#"Ok(Some(Number(51)))"#]].assert_eq(&format!("{got:?}"));
}

#[test]
fn block_scopes() {
    let run_all = |srcs: &[&str]| {
        srcs.iter().map(|s| run(s, json!({"a": 1}), &Environment::default())).collect::<Vec<_>>()
    };
    expect![[r#"["1", "2", "1", "1", "undefined"]"#]].assert_eq(&format!(
        "{:?}",
        run_all(&[
            "($x := 1; ($x := 2); $x)",
            "($x := 1; ($x := 2; $x))",
            "($x := 1; (a); $x)",
            "($x := 1; (true ? $x := 3 : 0); $x)",
            "(($x := 1); $x)",
        ])
    ));
}
