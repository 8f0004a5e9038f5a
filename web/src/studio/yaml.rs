//! The definition as YAML (Code mode's YAML view and export), in the block style the console shows.

use serde_json::Value;

/// A string as a YAML scalar: plain when that reads back as the same string, double-quoted otherwise.
fn scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.starts_with(|c: char| " -?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_ascii_digit())
        && !s.ends_with(' ')
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.contains(['\n', '\t', '\\', '"'])
        && !matches!(
            s.to_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "~"
        )
        && s.chars().all(|c| !c.is_control());
    if plain { s.to_owned() } else { serde_json::to_string(s).unwrap_or_default() }
}

fn key(k: &str) -> String {
    scalar(k)
}

fn write(value: &Value, indent: usize, out: &mut String) {
    let pad = "  ".repeat(indent);
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                out.push_str(&format!("{pad}{}:", key(k)));
                match v {
                    Value::Object(m) if !m.is_empty() => {
                        out.push('\n');
                        write(v, indent + 1, out);
                    }
                    Value::Array(a) if !a.is_empty() => {
                        out.push('\n');
                        write(v, indent + 1, out);
                    }
                    _ => {
                        out.push(' ');
                        out.push_str(&inline(v));
                        out.push('\n');
                    }
                }
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for item in items {
                match item {
                    Value::Object(m) if !m.is_empty() => {
                        // the first key goes on the dash's line
                        let mut inner = String::new();
                        write(item, indent + 1, &mut inner);
                        let inner_pad = "  ".repeat(indent + 1);
                        out.push_str(&format!(
                            "{pad}- {}",
                            inner.strip_prefix(&inner_pad).unwrap_or(&inner)
                        ));
                    }
                    Value::Array(a) if !a.is_empty() => {
                        out.push_str(&format!("{pad}-\n"));
                        write(item, indent + 1, out);
                    }
                    _ => out.push_str(&format!("{pad}- {}\n", inline(item))),
                }
            }
        }
        other => {
            out.push_str(&pad);
            out.push_str(&inline(other));
            out.push('\n');
        }
    }
}

fn inline(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => scalar(s),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

/// `value` as YAML.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    write(value, 0, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;

    #[test]
    fn what_the_console_writes_reads_back() {
        let lab: Value =
            serde_json::from_str(include_str!("../../../tests/data/lab/simple_lab.asl.json"))
                .unwrap();
        assert_eq!(steplab_yaml::from_yaml(&to_yaml(&lab)).unwrap(), lab);
        let tricky = serde_json::json!({ "a": "true", "b": "", "c": "x: y", "d": "line\nbreak",
            "e": "12", "f": [], "g": {}, "h": null, "i": "-x", "j": [[1, {"k": [true, 2.5]}]],
            "l": -3, "m": [{"n": 1, "o": {"p": "q # not a comment"}}], "é": "ünïcode",
            "q": "yes", "r": "0x1F", "s": "~", "t": "a\ttab", "u": " lead", "v": "[x]" });
        let back = steplab_yaml::from_yaml(&to_yaml(&tricky)).unwrap();
        assert_eq!(back, tricky);
        // the keys keep their order
        assert_eq!(back.as_object().unwrap().keys().next().map(String::as_str), Some("a"));
    }

    #[test]
    fn the_lab_definition() {
        let lab: Value =
            serde_json::from_str(include_str!("../../../tests/data/lab/simple_lab.asl.json"))
                .unwrap();
        expect![[r#"
            Comment: A description of my state machine
            StartAt: Lambda Invoke
            States:
              Lambda Invoke:
                Type: Task
                Resource: arn:aws:states:::lambda:invoke
                Output: "{% $states.result.Payload %}"
                Arguments:
                  FunctionName: arn:aws:lambda:ca-central-1:123456789012:function:HelloStepFunction:$LATEST
                  Payload: "{% $states.input %}"
                Retry:
                  - ErrorEquals:
                      - Lambda.ServiceException
                      - Lambda.AWSLambdaException
                      - Lambda.SdkClientException
                      - Lambda.TooManyRequestsException
                    IntervalSeconds: 1
                    MaxAttempts: 3
                    BackoffRate: 2
                    JitterStrategy: FULL
                End: true
            QueryLanguage: JSONata
        "#]]
        .assert_eq(&to_yaml(&lab));
    }

    #[test]
    fn scalars_that_need_quotes() {
        let v = serde_json::json!({ "a": "true", "b": "", "c": "x: y", "d": "line\nbreak", "e": "12", "f": [], "g": {}, "h": null, "i": "-x", "j": [[1]] });
        expect![[r#"
            a: "true"
            b: ""
            c: "x: y"
            d: "line\nbreak"
            e: "12"
            f: []
            g: {}
            h: null
            i: "-x"
            j:
              -
                - 1
        "#]]
        .assert_eq(&to_yaml(&v));
    }
}
