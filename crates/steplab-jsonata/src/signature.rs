//! Function signatures (`<s-n?:s>`): parsing, and validation of arguments
//! (with context substitution for `-`), as jsonata-js's `signature.js`.

use crate::error::{Error, Fault, Res};
use crate::value::Value;

#[derive(Debug, Clone)]
struct Param {
    regex: String,
    kind: String,
    context: bool,
    context_regex: Option<regex::Regex>,
    subtype: Option<String>,
    array: bool,
    /// The symbols the parameter takes when it takes one value as it is (no array wrapping,
    /// no repetition): lets [`Signature::validate`] skip the regex for the common call.
    simple: Option<Vec<char>>,
}

/// A parsed signature.
#[derive(Debug, Clone)]
pub(crate) struct Signature {
    params: Vec<Param>,
    regex: regex::Regex,
}

fn new_param() -> Param {
    Param {
        regex: String::new(),
        kind: String::new(),
        context: false,
        context_regex: None,
        subtype: None,
        array: false,
        simple: None,
    }
}

fn closing(chars: &[char], start: usize, open: char, close: char) -> usize {
    let mut depth = 1;
    let mut pos = start;
    while pos < chars.len() {
        pos += 1;
        match chars.get(pos) {
            Some(c) if *c == close => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            Some(c) if *c == open => depth += 1,
            _ => {}
        }
    }
    pos
}

impl Signature {
    pub(crate) fn parse(sig: &str) -> Result<Self, Error> {
        let chars: Vec<char> = sig.chars().collect();
        let mut params: Vec<Param> = Vec::new();
        let mut param = new_param();
        let mut position = 1;
        while position < chars.len() {
            let symbol = chars[position];
            if symbol == ':' {
                break;
            }
            match symbol {
                's' | 'n' | 'b' | 'l' | 'o' => {
                    param.regex = format!("[{symbol}m]");
                    param.kind = symbol.to_string();
                    params.push(std::mem::replace(&mut param, new_param()));
                }
                'a' => {
                    param.regex = "[asnblfom]".into();
                    param.kind = "a".into();
                    param.array = true;
                    params.push(std::mem::replace(&mut param, new_param()));
                }
                'f' => {
                    param.regex = "f".into();
                    param.kind = "f".into();
                    params.push(std::mem::replace(&mut param, new_param()));
                }
                'j' => {
                    param.regex = "[asnblom]".into();
                    param.kind = "j".into();
                    params.push(std::mem::replace(&mut param, new_param()));
                }
                'x' => {
                    param.regex = "[asnblfom]".into();
                    param.kind = "x".into();
                    params.push(std::mem::replace(&mut param, new_param()));
                }
                '-' => {
                    if let Some(prev) = params.last_mut() {
                        prev.context = true;
                        prev.context_regex = regex::Regex::new(&format!("^{}$", prev.regex)).ok();
                        prev.regex.push('?');
                    }
                }
                '?' | '+' => {
                    if let Some(prev) = params.last_mut() {
                        prev.regex.push(symbol);
                    }
                }
                '(' => {
                    let end = closing(&chars, position, '(', ')');
                    let choice: String = chars[position + 1..end.min(chars.len())].iter().collect();
                    if choice.contains('<') {
                        return Err(Fault::new("S0402").at(position).finish());
                    }
                    param.regex = format!("[{choice}m]");
                    param.kind = format!("({choice})");
                    position = end;
                    params.push(std::mem::replace(&mut param, new_param()));
                }
                '<' => {
                    let ok = params.last().is_some_and(|p| p.kind == "a" || p.kind == "f");
                    if !ok {
                        return Err(Fault::new("S0401").at(position).finish());
                    }
                    let end = closing(&chars, position, '<', '>');
                    let sub: String = chars[position + 1..end.min(chars.len())].iter().collect();
                    if let Some(prev) = params.last_mut() {
                        prev.subtype = Some(sub);
                    }
                    position = end;
                }
                _ => {}
            }
            position += 1;
        }
        for p in &mut params {
            let class = p.regex.strip_suffix('?').unwrap_or(&p.regex);
            let class = class.strip_prefix('[').and_then(|c| c.strip_suffix(']')).unwrap_or(class);
            if !p.array && p.subtype.is_none() && class.chars().all(|c| c.is_ascii_lowercase()) {
                p.simple = Some(class.chars().collect());
            }
        }
        let pattern: String = std::iter::once("^".to_owned())
            .chain(params.iter().map(|p| format!("({})", p.regex)))
            .collect();
        let regex =
            regex::Regex::new(&format!("{pattern}$")).map_err(|_| Fault::new("S0401").finish())?;
        Ok(Self { params, regex })
    }

    /// Validates `args` against the signature, substituting the context for a
    /// missing `-` argument and wrapping values where an array is expected.
    pub(crate) fn validate(&self, args: &[Value], context: &Value) -> Res<Vec<Value>> {
        // each argument fits its own parameter, and the parameters left are optional with no
        // context to take: the regex would give the same assignment
        if args.len() <= self.params.len()
            && self
                .params
                .iter()
                .zip(args)
                .all(|(p, a)| p.simple.as_ref().is_some_and(|c| c.contains(&symbol(a))))
            && self.params[args.len()..].iter().all(|p| p.regex.ends_with('?') && !p.context)
        {
            let mut out = args.to_vec();
            out.resize(self.params.len(), Value::Undefined);
            return Ok(out);
        }
        let supplied: String = args.iter().map(symbol).collect();
        let Some(caps) = self.regex.captures(&supplied) else {
            return Err(self.validation_error(args, &supplied));
        };
        let mut out = Vec::with_capacity(self.params.len());
        let mut arg_index = 0;
        for (index, param) in self.params.iter().enumerate() {
            let m = caps.get(index + 1).map(|m| m.as_str()).unwrap_or("");
            if m.is_empty() {
                if param.context && param.context_regex.is_some() {
                    let ctx_sym = symbol(context).to_string();
                    if param.context_regex.as_ref().is_some_and(|r| r.is_match(&ctx_sym)) {
                        out.push(context.clone());
                    } else {
                        return Err(Fault::new("T0411")
                            .value(context.clone())
                            .index(arg_index + 1));
                    }
                } else {
                    out.push(args.get(arg_index).cloned().unwrap_or(Value::Undefined));
                    arg_index += 1;
                }
                continue;
            }
            for single in m.chars() {
                let arg = args.get(arg_index).cloned().unwrap_or(Value::Undefined);
                if param.array {
                    if single == 'm' {
                        out.push(Value::Undefined);
                    } else {
                        let mut ok = true;
                        if let Some(sub) = &param.subtype {
                            if single != 'a' && m != sub {
                                ok = false;
                            } else if single == 'a'
                                && let Value::Array(items, _) = &arg
                                && let Some(first) = items.first()
                            {
                                let first_sym = symbol(first);
                                if !sub.starts_with(first_sym) {
                                    ok = false;
                                } else {
                                    ok = items.iter().all(|v| symbol(v) == first_sym);
                                }
                            }
                        }
                        if !ok {
                            let kind = match param.subtype.as_deref() {
                                Some("s") => "strings",
                                Some("n") => "numbers",
                                Some("b") => "booleans",
                                Some("o") => "objects",
                                Some("l") => "nulls",
                                Some("a") => "arrays",
                                Some("f") => "functions",
                                _ => "values",
                            };
                            return Err(Fault::new("T0412")
                                .value(arg)
                                .index(arg_index + 1)
                                .kind(kind));
                        }
                        if single == 'a' {
                            out.push(arg);
                        } else {
                            out.push(Value::array(vec![arg]));
                        }
                    }
                } else {
                    out.push(arg);
                }
                arg_index += 1;
            }
        }
        Ok(out)
    }

    fn validation_error(&self, args: &[Value], supplied: &str) -> Box<Fault> {
        let mut partial = String::from("^");
        let mut good_to = 0;
        for p in &self.params {
            partial.push_str(&p.regex);
            match regex::Regex::new(&partial).ok().and_then(|r| r.find(supplied)) {
                None => break,
                Some(m) => good_to = m.end(),
            }
        }
        let value = args.get(good_to).cloned().unwrap_or(Value::Undefined);
        Fault::new("T0410").value(value).index(good_to + 1)
    }
}

/// The one-letter type of a value in signatures.
fn symbol(v: &Value) -> char {
    match v {
        Value::Func(_) => 'f',
        Value::String(_) => 's',
        Value::Number(_) => 'n',
        Value::Bool(_) => 'b',
        Value::Null => 'l',
        Value::Array(..) => 'a',
        Value::Object(_) => 'o',
        Value::Undefined => 'm',
    }
}
