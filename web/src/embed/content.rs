//! What an embed shows — one state machine, its Python functions, an input — read from the JSON an
//! author writes (a file fetched by `src=`, the `<steplab-embed>` element's attributes, or the URL
//! fragment), and the fragment's own grammar. Pure: no DOM, tested natively.
//!
//! The content JSON (every field but `definition` optional):
//! ```json
//! { "name": "SimpleLab", "title": "…", "description": "…", "mode": "read-only" | "editable" | "lab",
//!   "definition": { …ASL… } or "…ASL text…",
//!   "functions": { "HelloStepFunction": "def lambda_handler(event, context): …" }
//!             or [ { "name": "HelloStepFunction", "code": "…", "handler": "lambda_function.lambda_handler" } ],
//!   "input": { … } or "…JSON text…", "steps": [ "…", … ] }
//! ```

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

/// The handler of a function whose content gives none (the Lambda console's default).
pub const DEFAULT_HANDLER: &str = "lambda_function.lambda_handler";
/// The state machine's name when the content gives none.
pub const DEFAULT_NAME: &str = "EmbeddedStateMachine";
/// The fields the content JSON may have.
const FIELDS: [&str; 8] =
    ["name", "title", "description", "mode", "definition", "functions", "input", "steps"];

/// What the reader of an embed may do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// The definition, code and input are shown; Run runs them.
    #[default]
    ReadOnly,
    /// The definition, code and input can be edited before Run.
    Editable,
    /// Editable, with the lab's steps and an "Open in StepLab" link that imports it into the app.
    Lab,
}

impl Mode {
    /// The mode named `text` (`read-only`, `editable`, `lab`).
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.trim() {
            "read-only" | "readonly" | "view" => Ok(Self::ReadOnly),
            "editable" | "edit" => Ok(Self::Editable),
            "lab" => Ok(Self::Lab),
            other => Err(format!(
                "\"mode\" is \"{other}\": it must be one of \"read-only\", \"editable\", \"lab\""
            )),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::ReadOnly => "read-only",
            Self::Editable => "editable",
            Self::Lab => "lab",
        }
    }

    pub fn editable(self) -> bool {
        self != Self::ReadOnly
    }
}

/// A Python function of the embed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbedFunction {
    pub name: String,
    /// The code of `lambda_function.py` (or of the file the handler names).
    pub code: String,
    /// `file.function`.
    pub handler: String,
    /// The runtime (`python3.11`, `nodejs22.x`).
    pub runtime: String,
}

/// Everything an embed shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Content {
    /// The state machine's name (its ARN and the execution ARNs carry it).
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub mode: Mode,
    /// The definition as text (an object in the content is pretty-printed with 2 spaces).
    pub definition: String,
    pub functions: Vec<EmbedFunction>,
    /// The input as JSON text.
    pub input: String,
    /// The lab's steps, shown in lab mode.
    pub steps: Vec<String>,
}

/// Where a problem with the content is, for the message.
fn at(origin: &str, field: &str, problem: &str) -> String {
    format!("{origin}: \"{field}\" {problem}")
}

fn text_or_json(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => serde_json::to_string_pretty(other).unwrap_or_default(),
    }
}

fn optional_string(
    object: &Map<String, Value>,
    field: &str,
    origin: &str,
) -> Result<Option<String>, String> {
    match object.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(at(origin, field, "must be a string")),
    }
}

fn function(name: &str, value: &Value, origin: &str) -> Result<EmbedFunction, String> {
    let field = format!("functions.{name}");
    steplab_runner::names::check_function_name(name)
        .map_err(|rule| at(origin, &field, &format!("is not a valid function name: {rule}")))?;
    let (code, handler, runtime) = match value {
        Value::String(code) => (
            code.clone(),
            DEFAULT_HANDLER.to_owned(),
            steplab_function::runtime::DEFAULT_RUNTIME.to_owned(),
        ),
        Value::Object(o) => {
            let runtime = match o.get("runtime") {
                None | Some(Value::Null) => steplab_function::runtime::DEFAULT_RUNTIME.to_owned(),
                Some(Value::String(r))
                    if r.starts_with("python3.") || steplab_node::runtimes::find(r).is_some() =>
                {
                    r.clone()
                }
                Some(_) => {
                    return Err(at(
                        origin,
                        &format!("{field}.runtime"),
                        "must be a Python runtime (python3.14, python3.13, python3.12, python3.11) or a Node.js runtime (nodejs20.x, nodejs22.x, nodejs24.x)",
                    ));
                }
            };
            let node = steplab_node::runtimes::is_node(&runtime);
            let code = match o.get("code") {
                Some(Value::String(c)) => c.clone(),
                _ => {
                    return Err(at(
                        origin,
                        &format!("{field}.code"),
                        "must be the function's code, a string",
                    ));
                }
            };
            let handler = match o.get("handler") {
                None | Some(Value::Null) if node => {
                    steplab_node::runtimes::DEFAULT_HANDLER.to_owned()
                }
                None | Some(Value::Null) => DEFAULT_HANDLER.to_owned(),
                Some(Value::String(h)) if h.contains('.') => h.clone(),
                Some(_) => {
                    return Err(at(
                        origin,
                        &format!("{field}.handler"),
                        "must be \"file.function\"",
                    ));
                }
            };
            (code, handler, runtime)
        }
        _ => return Err(at(origin, &field, "must be the Python code, or an object with \"code\"")),
    };
    Ok(EmbedFunction { name: name.to_owned(), code, handler, runtime })
}

fn functions(value: Option<&Value>, origin: &str) -> Result<Vec<EmbedFunction>, String> {
    let mut out: Vec<EmbedFunction> = Vec::new();
    match value {
        None | Some(Value::Null) => {}
        Some(Value::Object(o)) => {
            for (name, v) in o {
                out.push(function(name, v, origin)?);
            }
        }
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let Some(name) = item.get("name").and_then(Value::as_str) else {
                    return Err(at(origin, &format!("functions[{i}].name"), "is missing"));
                };
                out.push(function(name, item, origin)?);
            }
        }
        Some(_) => {
            return Err(at(origin, "functions", "must be an object (name → code) or an array"));
        }
    }
    for (i, f) in out.iter().enumerate() {
        if out[..i].iter().any(|g| g.name == f.name) {
            return Err(at(origin, "functions", &format!("names {} twice", f.name)));
        }
    }
    Ok(out)
}

/// Reads the content JSON `text`; `origin` names where it came from in messages (e.g. the URL).
pub fn parse(text: &str, origin: &str) -> Result<Content, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
        format!("{origin}: not valid JSON: {message} at line {}, column {}", e.line(), e.column())
    })?;
    from_value(&value, origin)
}

/// Reads content already parsed as JSON.
pub fn from_value(value: &Value, origin: &str) -> Result<Content, String> {
    let Some(object) = value.as_object() else {
        return Err(format!("{origin}: the content must be a JSON object with a \"definition\""));
    };
    if let Some(unknown) = object.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(format!(
            "{origin}: unknown field \"{unknown}\" (the fields are {})",
            FIELDS.map(|f| format!("\"{f}\"")).join(", ")
        ));
    }
    let definition = match object.get("definition") {
        None | Some(Value::Null) => return Err(at(origin, "definition", "is missing")),
        Some(v @ (Value::Object(_) | Value::String(_))) => text_or_json(v),
        Some(_) => {
            return Err(at(
                origin,
                "definition",
                "must be the ASL definition, an object or its JSON text",
            ));
        }
    };
    let name = optional_string(object, "name", origin)?.unwrap_or_else(|| DEFAULT_NAME.to_owned());
    steplab_runner::names::check_state_machine_name(&name).map_err(|rule| {
        at(origin, "name", &format!("is not a valid state machine name: {rule}"))
    })?;
    let mode = match optional_string(object, "mode", origin)? {
        None => Mode::default(),
        Some(m) => Mode::parse(&m).map_err(|e| format!("{origin}: {e}"))?,
    };
    let input =
        object.get("input").filter(|v| !v.is_null()).map_or_else(|| "{}".to_owned(), text_or_json);
    let steps = match object.get("steps") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, s)| {
                s.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| at(origin, &format!("steps[{i}]"), "must be a string"))
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(at(origin, "steps", "must be an array of strings")),
    };
    Ok(Content {
        name,
        title: optional_string(object, "title", origin)?,
        description: optional_string(object, "description", origin)?,
        mode,
        definition,
        functions: functions(object.get("functions"), origin)?,
        input,
        steps,
    })
}

/// What the URL fragment of `embed.html` says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fragment {
    /// The content JSON text (`#<base64url>` or `#c=<base64url>`).
    pub content: Option<String>,
    /// A URL of the content JSON, relative to `embed.html` (`#src=<url>`).
    pub src: Option<String>,
    /// A mode that overrides the content's (`mode=`).
    pub mode: Option<Mode>,
    /// The frame's id, echoed in the size messages to the parent page (`id=`).
    pub id: Option<String>,
}

/// Decodes base64url text into UTF-8 text.
pub fn decode(data: &str) -> Result<String, String> {
    let bytes = URL_SAFE_NO_PAD
        .decode(data.trim_end_matches('='))
        .map_err(|e| format!("the content in the address is not base64url: {e}"))?;
    String::from_utf8(bytes)
        .map_err(|e| format!("the content in the address is not UTF-8 text: {e}"))
}

/// Decodes `%XX` escapes (and `+` is kept: fragments are not forms).
pub fn percent_decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok());
            let Some(b) = hex else {
                return Err(format!("bad %-escape in \"{text}\" in the address fragment"));
            };
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|e| format!("the address fragment is not UTF-8: {e}"))
}

/// Reads the fragment of `embed.html`'s address (with or without its `#`): either the content
/// itself as base64url, or `key=value` pairs joined by `&` among `c` (content, base64url), `src`
/// (a URL, %-encoded), `mode` and `id`.
pub fn parse_fragment(fragment: &str) -> Result<Fragment, String> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.is_empty() {
        return Ok(Fragment::default());
    }
    let keyed = ["c=", "src=", "mode=", "id="].iter().any(|k| fragment.starts_with(k));
    if !keyed {
        return Ok(Fragment { content: Some(decode(fragment)?), ..Fragment::default() });
    }
    let mut out = Fragment::default();
    for pair in fragment.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "c" => out.content = Some(decode(value)?),
            "src" => out.src = Some(percent_decode(value)?),
            "mode" => out.mode = Some(Mode::parse(&percent_decode(value)?)?),
            "id" => out.id = Some(percent_decode(value)?),
            other => {
                return Err(format!(
                    "unknown key \"{other}\" in the address fragment (the keys are c, src, mode, id)"
                ));
            }
        }
    }
    if out.content.is_some() && out.src.is_some() {
        return Err("the address fragment gives both c= and src=: give one".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What steplab-embed.js writes: base64url without padding.
    fn encode(text: &str) -> String {
        URL_SAFE_NO_PAD.encode(text.as_bytes())
    }

    const LAB: &str = r#"{"name": "SimpleLab", "mode": "lab",
        "definition": {"StartAt": "Lambda Invoke", "States": {"Lambda Invoke": {"Type": "Task", "End": true}}},
        "functions": {"HelloStepFunction": "def lambda_handler(event, context):\n    return 1\n"},
        "input": {}}"#;

    #[test]
    fn reads_the_lab_content() {
        let c = parse(LAB, "lab.json").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.name, "SimpleLab");
        assert_eq!(c.mode, Mode::Lab);
        assert_eq!(
            c.definition,
            "{\n  \"StartAt\": \"Lambda Invoke\",\n  \"States\": {\n    \"Lambda Invoke\": {\n      \"Type\": \"Task\",\n      \"End\": true\n    }\n  }\n}"
        );
        assert_eq!(
            c.functions,
            vec![EmbedFunction {
                name: "HelloStepFunction".into(),
                code: "def lambda_handler(event, context):\n    return 1\n".into(),
                handler: DEFAULT_HANDLER.into(),
                runtime: "python3.11".into(),
            }]
        );
        assert_eq!(c.input, "{}");
    }

    #[test]
    fn a_node_function_with_its_runtime_and_the_default_handler() {
        let c = parse(
            r#"{"definition": "{\"StartAt\": \"P\"}",
                "functions": [{"name": "F", "code": "export const handler = async () => 1;", "runtime": "nodejs22.x"}]}"#,
            "c.json",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.functions[0].runtime, "nodejs22.x");
        assert_eq!(c.functions[0].handler, "index.handler");
        let bad = parse(
            r#"{"definition": "{}", "functions": [{"name": "F", "code": "x", "runtime": "java21"}]}"#,
            "c.json",
        );
        assert!(bad.unwrap_err().contains("functions.F.runtime"));
    }

    #[test]
    fn functions_as_a_list_and_text_fields() {
        let c = parse(
            r#"{"definition": "{\"StartAt\": \"P\"}", "input": "{\"a\": 1}",
                "functions": [{"name": "F", "code": "x = 1", "handler": "app.main"}]}"#,
            "t",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.definition, "{\"StartAt\": \"P\"}");
        assert_eq!(c.input, "{\"a\": 1}");
        assert_eq!(c.name, DEFAULT_NAME);
        assert_eq!(c.mode, Mode::ReadOnly);
        assert_eq!(c.functions[0].handler, "app.main");
    }

    #[test]
    fn bad_content_says_what_and_where() {
        let cases = [
            (
                "{\"definition\": ",
                "t: not valid JSON: EOF while parsing a value at line 1, column 15",
            ),
            ("[]", "t: the content must be a JSON object with a \"definition\""),
            ("{}", "t: \"definition\" is missing"),
            (
                r#"{"definition": 3}"#,
                "t: \"definition\" must be the ASL definition, an object or its JSON text",
            ),
            (
                r#"{"definition": {}, "mode": "edit mode"}"#,
                "t: \"mode\" is \"edit mode\": it must be one of \"read-only\", \"editable\", \"lab\"",
            ),
            (
                r#"{"definition": {}, "name": "Simple Lab"}"#,
                "t: \"name\" is not a valid state machine name: Must be 1-80 characters. Can use alphanumeric characters, dashes, and underscores.",
            ),
            (
                r#"{"definition": {}, "functions": {"F": 1}}"#,
                "t: \"functions.F\" must be the Python code, or an object with \"code\"",
            ),
            (
                r#"{"definition": {}, "functions": [{"code": ""}]}"#,
                "t: \"functions[0].name\" is missing",
            ),
            (
                r#"{"definition": {}, "functions": [{"name": "F", "code": ""}, {"name": "F", "code": ""}]}"#,
                "t: \"functions\" names F twice",
            ),
            (r#"{"definition": {}, "steps": [1]}"#, "t: \"steps[0]\" must be a string"),
        ];
        for (text, expected) in cases {
            assert_eq!(parse(text, "t"), Err(expected.to_owned()), "{text}");
        }
        let unknown =
            parse(r#"{"definition": {}, "defintion": {}}"#, "t").err().unwrap_or_default();
        assert!(unknown.starts_with("t: unknown field \"defintion\""), "{unknown}");
    }

    #[test]
    fn fragments() {
        let data = encode(LAB);
        assert!(data.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_eq!(
            parse_fragment(&format!("#{data}")),
            Ok(Fragment { content: Some(LAB.into()), ..Fragment::default() })
        );
        assert_eq!(
            parse_fragment(&format!("c={data}&mode=editable&id=e2")),
            Ok(Fragment {
                content: Some(LAB.into()),
                src: None,
                mode: Some(Mode::Editable),
                id: Some("e2".into())
            })
        );
        assert_eq!(
            parse_fragment("#src=docs%2Fexamples%2Fchoice.json"),
            Ok(Fragment { src: Some("docs/examples/choice.json".into()), ..Fragment::default() })
        );
        assert_eq!(parse_fragment(""), Ok(Fragment::default()));
        assert!(parse_fragment("#%%%").is_err());
        assert_eq!(
            parse_fragment("#src=a&x=1"),
            Err("unknown key \"x\" in the address fragment (the keys are c, src, mode, id)".into())
        );
        assert_eq!(
            parse_fragment("#src=%4"),
            Err("bad %-escape in \"%4\" in the address fragment".into())
        );
        assert_eq!(
            parse_fragment(&format!("#c={data}&src=a")),
            Err("the address fragment gives both c= and src=: give one".into())
        );
    }
}
