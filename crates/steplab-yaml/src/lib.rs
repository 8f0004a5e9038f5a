//! YAML 1.2 read into JSON values (`serde_json::Value`, keys in their order), for definitions typed
//! in YAML in Code mode and for SAM and CloudFormation templates.
//!
//! The text is read by `saphyr-parser` (a YAML 1.2 parser: events with their positions); this
//! crate builds the value from the events with a stack of its own, never by recursion, so a text
//! nested 10,000 levels deep gets an error at the line and column where it passes the limit
//! instead of exhausting the stack. Every error says where in the YAML text it is.

mod scalar;
mod tags;

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};
use serde_json::{Map, Value};

/// How deep collections may nest (AWS's definitions and templates need a few dozen levels).
pub const MAX_DEPTH: usize = 200;

/// How many values a text may make, aliases counted at each use (a guard against alias bombs).
pub const MAX_VALUES: usize = 2_000_000;

/// A problem in YAML text, at a line and column (from 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at line {}, column {}", self.message, self.line, self.column)
    }
}

impl std::error::Error for YamlError {}

/// What the reader accepts beyond plain YAML.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// CloudFormation's short-form tags (`!Ref`, `!GetAtt`, `!Sub`, …) read as the intrinsic
    /// functions they stand for (`{"Ref": …}`, `{"Fn::GetAtt": […]}`); otherwise a tag other than
    /// YAML's own is an error.
    pub cloudformation: bool,
    /// A key given twice in a mapping keeps its last value (at the first one's place), as the
    /// SAM CLI's YAML reader (PyYAML) reads templates; otherwise it is an error. (What
    /// CloudFormation itself does with a key given twice is not confirmed here.)
    pub last_duplicate_wins: bool,
}

/// Reads `text` as one YAML document.
pub fn from_yaml(text: &str) -> Result<Value, YamlError> {
    from_yaml_with(text, Options::default())
}

fn error_at(span: &Span, message: impl Into<String>) -> YamlError {
    YamlError { line: span.start.line(), column: span.start.col() + 1, message: message.into() }
}

/// A collection being read.
enum Frame {
    Sequence {
        items: Vec<Value>,
        anchor: usize,
        tag: Option<Tag>,
        span: Span,
    },
    Mapping {
        map: Map<String, Value>,
        key: Option<(String, Span)>,
        anchor: usize,
        tag: Option<Tag>,
        span: Span,
    },
}

/// Reads `text` as one YAML document, with `options`.
pub fn from_yaml_with(text: &str, options: Options) -> Result<Value, YamlError> {
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Value> = HashMap::new();
    let mut made = 0usize;
    let mut documents = 0usize;
    let mut done: Option<Value> = None;
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| YamlError {
            line: e.marker().line(),
            column: e.marker().col() + 1,
            message: e.info().to_owned(),
        })?;
        // a finished value (scalar, alias, or a collection that ended), to place in its parent
        let finished: Option<(Value, Span, bool)> = match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing | Event::DocumentEnd => None,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(error_at(
                        &span,
                        "a definition is one YAML document; another one starts here",
                    ));
                }
                None
            }
            Event::Alias(id) => {
                let value = anchors.get(&id).cloned().ok_or_else(|| {
                    error_at(&span, "this alias names no anchor defined before it")
                })?;
                made += count(&value);
                Some((value, span, false))
            }
            Event::Scalar(text, style, anchor, tag) => {
                let plain = style == ScalarStyle::Plain;
                let value = scalar::resolve(&text, plain, tag.as_deref(), options, &span)?;
                if anchor > 0 {
                    anchors.insert(anchor, value.clone());
                }
                Some((value, span, true))
            }
            Event::SequenceStart(anchor, tag) => {
                push(
                    &mut stack,
                    &span,
                    Frame::Sequence {
                        items: Vec::new(),
                        anchor,
                        tag: tag.map(|t| t.into_owned()),
                        span,
                    },
                )?;
                None
            }
            Event::MappingStart(anchor, tag) => {
                push(
                    &mut stack,
                    &span,
                    Frame::Mapping {
                        map: Map::new(),
                        key: None,
                        anchor,
                        tag: tag.map(|t| t.into_owned()),
                        span,
                    },
                )?;
                None
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, anchor, tag, start) = match stack.pop() {
                    Some(Frame::Sequence { items, anchor, tag, span }) => {
                        (Value::Array(items), anchor, tag, span)
                    }
                    Some(Frame::Mapping { map, key: None, anchor, tag, span }) => {
                        (Value::Object(map), anchor, tag, span)
                    }
                    Some(Frame::Mapping { key: Some((k, at)), .. }) => {
                        return Err(error_at(&at, format!("the key {k} has no value")));
                    }
                    None => return Err(error_at(&span, "a collection ends that did not start")),
                };
                let value = tags::apply(value, tag.as_ref(), options, &start)?;
                if anchor > 0 {
                    anchors.insert(anchor, value.clone());
                }
                Some((value, start, false))
            }
        };
        let Some((value, span, is_scalar)) = finished else { continue };
        made += 1;
        if made > MAX_VALUES {
            return Err(error_at(
                &span,
                format!("the text makes more than {MAX_VALUES} values (aliases count at each use)"),
            ));
        }
        match stack.last_mut() {
            None => done = Some(value),
            Some(Frame::Sequence { items, .. }) => items.push(value),
            Some(Frame::Mapping { map, key, .. }) => match key.take() {
                None => {
                    if !is_scalar {
                        return Err(error_at(
                            &span,
                            "a key must be a plain value (a string, number or boolean), not a list or a mapping",
                        ));
                    }
                    let k = match value {
                        Value::String(s) => s,
                        Value::Null => "null".to_owned(),
                        other => other.to_string(),
                    };
                    if map.contains_key(&k) && !options.last_duplicate_wins {
                        return Err(error_at(&span, format!("the key {k} is given twice")));
                    }
                    *key = Some((k, span));
                }
                Some((k, _)) => {
                    map.insert(k, value);
                }
            },
        }
    }
    Ok(done.unwrap_or(Value::Null))
}

fn push(stack: &mut Vec<Frame>, span: &Span, frame: Frame) -> Result<(), YamlError> {
    if stack.len() >= MAX_DEPTH {
        return Err(error_at(
            span,
            format!("collections nest more than {MAX_DEPTH} levels deep here"),
        ));
    }
    stack.push(frame);
    Ok(())
}

/// How many values `value` holds, itself included (without recursion).
fn count(value: &Value) -> usize {
    let mut n = 0;
    let mut todo = vec![value];
    while let Some(v) = todo.pop() {
        n += 1;
        match v {
            Value::Array(a) => todo.extend(a),
            Value::Object(o) => todo.extend(o.values()),
            _ => {}
        }
    }
    n
}

#[cfg(test)]
mod tests;
