use serde_json::{Value, json};

use super::*;

fn read(text: &str) -> Value {
    from_yaml(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

fn fails(text: &str) -> YamlError {
    from_yaml(text).expect_err(text)
}

#[test]
fn what_people_type() {
    let text = "# my machine\nStartAt: Hello\nStates:\n  Hello:\n    Type: Pass   # a comment\n    Result: {x: 1, y: [a, 'b c']}\n    Items:\n    - 1\n    - two\n    Expr: |\n      line one\n      line two\n    Folded: >-\n      a\n      b\n    End: true\n";
    assert_eq!(
        read(text),
        json!({"StartAt": "Hello", "States": {"Hello": {"Type": "Pass",
            "Result": {"x": 1, "y": ["a", "b c"]}, "Items": [1, "two"],
            "Expr": "line one\nline two\n", "Folded": "a b", "End": true}}})
    );
}

#[test]
fn scalars_follow_the_core_schema() {
    let cases: &[(&str, Value)] = &[
        ("a: 12", json!({"a": 12})),
        ("a: -3", json!({"a": -3})),
        ("a: 2.5", json!({"a": 2.5})),
        ("a: 1e3", json!({"a": 1000.0})),
        ("a: 0x1F", json!({"a": 31})),
        ("a: 0o17", json!({"a": 15})),
        ("a: '12'", json!({"a": "12"})),
        ("a: \"true\"", json!({"a": "true"})),
        ("a: True", json!({"a": true})),
        ("a: ~", json!({"a": null})),
        ("a:", json!({"a": null})),
        ("a: yes", json!({"a": "yes"})),
        ("a: 1.2.3", json!({"a": "1.2.3"})),
        ("a: !!str 12", json!({"a": "12"})),
        ("a: q # not a key", json!({"a": "q"})),
        ("'1': one", json!({"1": "one"})),
        ("é: ünïcode", json!({"é": "ünïcode"})),
        ("- &x {a: 1}\n- *x", json!([{"a": 1}, {"a": 1}])),
    ];
    for (text, expected) in cases {
        assert_eq!(&read(text), expected, "{text}");
    }
    // the keys keep their order
    let keys: Vec<String> = read("b: 1\na: 2\nc: 3").as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys, ["b", "a", "c"]);
}

#[test]
fn errors_say_where_in_the_yaml() {
    let at = |text: &str| {
        let e = fails(text);
        (e.line, e.column)
    };
    assert_eq!(fails("a: 1\na: 2\n").message, "the key a is given twice");
    assert_eq!(at("a: 1\na: 2\n"), (2, 1));
    assert_eq!(at("a: 1\n---\nb: 2\n").0, 2);
    assert_eq!(at("States:\n  A:\n    Type: Pass\n   Next: B\n"), (4, 4));
    // an unclosed quote: where it opens
    assert_eq!(at("a: \"open\n"), (1, 4));
    assert_eq!(at("a: [1, 2\n").0, 2);
    assert_eq!(fails("a: !Ref x").message, "the tag !Ref is not one StepLab reads");
    assert_eq!(fails("a: *nothing").line, 1);
    assert_eq!(fails("a: .inf").message, ".inf is a number JSON cannot hold");
    assert_eq!(
        fails("? [a]\n: 1").message,
        "a key must be a plain value (a string, number or boolean), not a list or a mapping"
    );
}

#[test]
fn nesting_past_the_limit_is_an_error_where_it_passes_it() {
    // flow collections: the parser's own limit (256 levels) or this crate's, whichever comes first
    let flow = "[".repeat(10_000);
    let e = fails(&flow);
    assert!(e.line == 1 && e.column <= 257, "{e}");
    assert!(e.message.contains("limit") || e.message.contains("levels deep"), "{e}");
    let mut block = String::new();
    for depth in 0..10_000 {
        block.push_str(&" ".repeat(depth));
        block.push_str("a:\n");
    }
    let e = fails(&block);
    assert_eq!(e.line, MAX_DEPTH + 1, "{e}");
    // just under the limit reads
    let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(from_yaml(&ok).is_ok());
}

#[test]
fn aliases_cannot_make_a_bomb() {
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let mut previous = 'a';
    for name in 'b'..='k' {
        text.push_str(&format!("{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"));
        previous = name;
    }
    assert!(fails(&text).message.contains("more than"));
}

#[test]
fn cloudformation_short_tags_are_its_intrinsic_functions() {
    let text = "Resources:\n  Fn:\n    Properties:\n      Role: !GetAtt Role.Arn\n      Name: !Ref Name\n      Url: !Sub 'https://${Api}.example.com'\n      Both: !Sub\n        - '${A}-${B}'\n        - {A: !Ref X, B: b}\n      Joined: !Join [',', [a, b]]\n      Which: !If [IsProd, 1, 2]\n";
    let value =
        from_yaml_with(text, Options { cloudformation: true, ..Options::default() }).unwrap();
    assert_eq!(
        value["Resources"]["Fn"]["Properties"],
        json!({
            "Role": {"Fn::GetAtt": ["Role", "Arn"]},
            "Name": {"Ref": "Name"},
            "Url": {"Fn::Sub": "https://${Api}.example.com"},
            "Both": {"Fn::Sub": ["${A}-${B}", {"A": {"Ref": "X"}, "B": "b"}]},
            "Joined": {"Fn::Join": [",", ["a", "b"]]},
            "Which": {"Fn::If": ["IsProd", 1, 2]},
        })
    );
    assert_eq!(
        from_yaml_with("a: !GetAtt Role", Options { cloudformation: true, ..Options::default() })
            .unwrap_err()
            .message,
        "!GetAtt Role names no attribute (Resource.Attribute)"
    );
}

#[test]
fn a_key_given_twice_keeps_its_last_value_when_asked() {
    let text = "a: 1\nb: 2\na: 3\n";
    assert!(from_yaml(text).unwrap_err().message.contains("the key a is given twice"));
    let options = Options { last_duplicate_wins: true, ..Options::default() };
    let value = from_yaml_with(text, options).unwrap();
    assert_eq!(serde_json::to_string(&value).unwrap(), r#"{"a":3,"b":2}"#);
}
