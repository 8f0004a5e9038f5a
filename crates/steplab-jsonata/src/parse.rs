//! The Pratt parser (top-down operator precedence), producing the raw tree that
//! [`crate::process`] turns into the evaluator's [`crate::ast::Node`]s.

use crate::error::{Error, Fault};
use crate::lex::{Lexer, Tok};

/// A node of the raw parse tree.
#[derive(Debug, Clone)]
pub(crate) struct Raw {
    pub(crate) kind: RawKind,
    pub(crate) pos: usize,
    pub(crate) keep_array: bool,
}

#[derive(Debug, Clone)]
pub(crate) enum RawKind {
    /// Infix operators: arithmetic, comparison, `.`, `[`, `..`, `~>`, `and`, …
    Binary(&'static str, Box<Raw>, Box<Raw>),
    Group(Box<Raw>, Vec<(Raw, Raw)>),
    Sort(Box<Raw>, Vec<(bool, Raw)>),
    Bind(Box<Raw>, Box<Raw>),
    Focus(Box<Raw>, String),
    IndexBind(Box<Raw>, String),
    Neg(Box<Raw>),
    Array(Vec<Raw>),
    Object(Vec<(Raw, Raw)>),
    Name(String),
    Var(String),
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    Regex(String, String),
    Wildcard,
    Descendant,
    Parent,
    Function(Box<Raw>, Vec<Raw>, bool),
    Placeholder,
    Lambda(Vec<String>, Option<(String, usize)>, Box<Raw>),
    Condition(Box<Raw>, Box<Raw>, Option<Box<Raw>>),
    Coalesce(Box<Raw>, Box<Raw>),
    Elvis(Box<Raw>, Box<Raw>),
    Block(Vec<Raw>),
    Transform(Box<Raw>, Box<Raw>, Option<Box<Raw>>),
}

fn raw(kind: RawKind, pos: usize) -> Raw {
    Raw { kind, pos, keep_array: false }
}

/// The binding power of an infix operator (0 for anything that is not one).
fn lbp(tok: &Tok) -> u32 {
    match tok {
        Tok::Op(op) => match *op {
            "." => 75,
            "[" | "(" | "@" | "#" => 80,
            "{" => 70,
            "?" => 20,
            "+" | "-" | "&" => 50,
            "*" | "/" | "%" => 60,
            "=" | "<" | ">" | "^" | "!=" | "<=" | ">=" | "~>" | "in" | "??" | "?:" => 40,
            ":=" => 10,
            "and" => 30,
            "or" => 25,
            _ => 0,
        },
        _ => 0,
    }
}

/// Operators the parser knows (others are tokenized but rejected with S0204).
fn known(op: &str) -> bool {
    !matches!(op, "!" | "~")
}

fn tok_text(tok: &Tok) -> String {
    match tok {
        Tok::Op(o) => (*o).to_owned(),
        Tok::Name(n) => n.clone(),
        Tok::Var(v) => format!("${v}"),
        Tok::Str(s) => s.clone(),
        Tok::Num(n) => crate::value::format_number(*n),
        Tok::Bool(b) => b.to_string(),
        Tok::Null => "null".to_owned(),
        Tok::Regex(p, _) => p.clone(),
    }
}

pub(crate) struct Parser {
    lexer: Lexer,
    /// The current token; `None` is the end of the source.
    cur: Option<Tok>,
    cur_pos: usize,
    depth: usize,
}

/// Nesting limit of the parser (protects the native stack).
const MAX_NESTING: usize = 300;

impl Parser {
    pub(crate) fn parse(src: &str) -> Result<Raw, Error> {
        let mut p = Parser { lexer: Lexer::new(src), cur: None, cur_pos: 0, depth: 0 };
        p.advance(None, false)?;
        let expr = p.expression(0)?;
        if let Some(tok) = &p.cur {
            return Err(Error::syntax("S0201", p.cur_pos, Some(&tok_text(tok))));
        }
        Ok(expr)
    }

    fn is(&self, op: &str) -> bool {
        matches!(&self.cur, Some(Tok::Op(o)) if *o == op)
    }

    fn advance(&mut self, expect: Option<&'static str>, infix: bool) -> Result<(), Error> {
        if let Some(id) = expect
            && !self.is(id)
        {
            let mut f = Fault::new(if self.cur.is_none() { "S0203" } else { "S0202" })
                .at(self.cur_pos)
                .value(crate::value::Value::string(id));
            if let Some(t) = &self.cur {
                f = f.token(tok_text(t));
            }
            return Err(f.finish());
        }
        match self.lexer.next(infix)? {
            None => {
                self.cur = None;
                self.cur_pos = self.lexer.len();
            }
            Some((tok, pos)) => {
                if let Tok::Op(op) = &tok
                    && !known(op)
                {
                    return Err(Error::syntax("S0204", pos, Some(op)));
                }
                self.cur = Some(tok);
                self.cur_pos = pos;
            }
        }
        Ok(())
    }

    fn expression(&mut self, rbp: u32) -> Result<Raw, Error> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(Fault::new("S0201")
                .at(self.cur_pos)
                .token(self.cur.as_ref().map(tok_text).unwrap_or_default())
                .finish());
        }
        let tok = self.cur.take();
        let pos = self.cur_pos;
        self.advance(None, true)?;
        let mut left = self.nud(tok, pos)?;
        while let Some(t) = &self.cur {
            if rbp >= lbp(t) {
                break;
            }
            let Some(Tok::Op(op)) = self.cur.take() else { break };
            let pos = self.cur_pos;
            self.advance(None, false)?;
            left = self.led(op, pos, left)?;
        }
        self.depth -= 1;
        Ok(left)
    }

    fn nud(&mut self, tok: Option<Tok>, pos: usize) -> Result<Raw, Error> {
        let Some(tok) = tok else {
            return Err(Error::syntax("S0207", pos, None));
        };
        let kind = match tok {
            Tok::Name(n) => RawKind::Name(n),
            Tok::Var(v) => RawKind::Var(v),
            Tok::Str(s) => RawKind::Str(s),
            Tok::Num(n) => RawKind::Num(n),
            Tok::Bool(b) => RawKind::Bool(b),
            Tok::Null => RawKind::Null,
            Tok::Regex(p, f) => RawKind::Regex(p, f),
            Tok::Op(op) => match op {
                "and" | "or" | "in" => RawKind::Name(op.to_owned()),
                "-" => RawKind::Neg(Box::new(self.expression(70)?)),
                "*" => RawKind::Wildcard,
                "**" => RawKind::Descendant,
                "%" => RawKind::Parent,
                "(" => {
                    let mut exprs = Vec::new();
                    while !self.is(")") {
                        exprs.push(self.expression(0)?);
                        if !self.is(";") {
                            break;
                        }
                        self.advance(Some(";"), false)?;
                    }
                    self.advance(Some(")"), true)?;
                    RawKind::Block(exprs)
                }
                "[" => {
                    let mut items = Vec::new();
                    if !self.is("]") {
                        loop {
                            let mut item = self.expression(0)?;
                            if self.is("..") {
                                let rpos = self.cur_pos;
                                self.advance(Some(".."), false)?;
                                let rhs = self.expression(0)?;
                                item =
                                    raw(RawKind::Binary("..", Box::new(item), Box::new(rhs)), rpos);
                            }
                            items.push(item);
                            if !self.is(",") {
                                break;
                            }
                            self.advance(Some(","), false)?;
                        }
                    }
                    self.advance(Some("]"), true)?;
                    RawKind::Array(items)
                }
                "{" => RawKind::Object(self.object_pairs()?),
                "|" => {
                    let pattern = self.expression(0)?;
                    self.advance(Some("|"), false)?;
                    let update = self.expression(0)?;
                    let mut delete = None;
                    if self.is(",") {
                        self.advance(Some(","), false)?;
                        delete = Some(Box::new(self.expression(0)?));
                    }
                    self.advance(Some("|"), false)?;
                    RawKind::Transform(Box::new(pattern), Box::new(update), delete)
                }
                other => return Err(Error::syntax("S0211", pos, Some(other))),
            },
        };
        Ok(raw(kind, pos))
    }

    fn object_pairs(&mut self) -> Result<Vec<(Raw, Raw)>, Error> {
        let mut pairs = Vec::new();
        if !self.is("}") {
            loop {
                let k = self.expression(0)?;
                self.advance(Some(":"), false)?;
                let v = self.expression(0)?;
                pairs.push((k, v));
                if !self.is(",") {
                    break;
                }
                self.advance(Some(","), false)?;
            }
        }
        self.advance(Some("}"), true)?;
        Ok(pairs)
    }

    fn led(&mut self, op: &'static str, pos: usize, left: Raw) -> Result<Raw, Error> {
        let b = |l: Raw| Box::new(l);
        let kind = match op {
            "(" => return self.call(pos, left),
            "[" => {
                if self.is("]") {
                    let mut left = left;
                    mark_keep_array(&mut left);
                    self.advance(Some("]"), false)?;
                    return Ok(left);
                }
                let rhs = self.expression(0)?;
                self.advance(Some("]"), true)?;
                RawKind::Binary("[", b(left), b(rhs))
            }
            "^" => {
                self.advance(Some("("), false)?;
                let mut terms = Vec::new();
                loop {
                    let mut desc = false;
                    if self.is("<") {
                        self.advance(Some("<"), false)?;
                    } else if self.is(">") {
                        desc = true;
                        self.advance(Some(">"), false)?;
                    }
                    terms.push((desc, self.expression(0)?));
                    if !self.is(",") {
                        break;
                    }
                    self.advance(Some(","), false)?;
                }
                self.advance(Some(")"), false)?;
                RawKind::Sort(b(left), terms)
            }
            "{" => RawKind::Group(b(left), self.object_pairs()?),
            ":=" => {
                if !matches!(left.kind, RawKind::Var(_)) {
                    return Err(Fault::new("S0212").at(left.pos).finish());
                }
                let rhs = self.expression(9)?;
                RawKind::Bind(b(left), b(rhs))
            }
            "@" | "#" => {
                let rhs = self.expression(80)?;
                let RawKind::Var(name) = rhs.kind else {
                    return Err(Error::syntax("S0214", rhs.pos, Some(op)));
                };
                if op == "@" {
                    RawKind::Focus(b(left), name)
                } else {
                    RawKind::IndexBind(b(left), name)
                }
            }
            "?" => {
                let then = self.expression(0)?;
                let mut els = None;
                if self.is(":") {
                    self.advance(Some(":"), false)?;
                    els = Some(b(self.expression(0)?));
                }
                RawKind::Condition(b(left), b(then), els)
            }
            "??" => RawKind::Coalesce(b(left), b(self.expression(40)?)),
            "?:" => RawKind::Elvis(b(left), b(self.expression(40)?)),
            _ => {
                let rhs = self.expression(lbp(&Tok::Op(op)))?;
                RawKind::Binary(op, b(left), b(rhs))
            }
        };
        Ok(raw(kind, pos))
    }

    fn call(&mut self, pos: usize, left: Raw) -> Result<Raw, Error> {
        let mut args = Vec::new();
        let mut partial = false;
        if !self.is(")") {
            loop {
                if self.is("?") {
                    partial = true;
                    args.push(raw(RawKind::Placeholder, self.cur_pos));
                    self.advance(Some("?"), false)?;
                } else {
                    args.push(self.expression(0)?);
                }
                if !self.is(",") {
                    break;
                }
                self.advance(Some(","), false)?;
            }
        }
        self.advance(Some(")"), true)?;
        let is_lambda = matches!(&left.kind, RawKind::Name(n) if n == "function" || n == "\u{3bb}");
        if !is_lambda {
            return Ok(raw(RawKind::Function(Box::new(left), args, partial), pos));
        }
        let mut params = Vec::new();
        for (i, a) in args.into_iter().enumerate() {
            match a.kind {
                RawKind::Var(v) => params.push(v),
                _ => {
                    return Err(Fault::new("S0208")
                        .at(a.pos)
                        .value(crate::value::Value::Number((i + 1) as f64))
                        .finish());
                }
            }
        }
        let mut signature = None;
        if self.is("<") {
            let sig_pos = self.cur_pos;
            let mut depth = 1;
            let mut sig = String::from("<");
            while depth > 0 && !self.is("{") && self.cur.is_some() {
                self.advance(None, false)?;
                match &self.cur {
                    Some(Tok::Op(">")) => depth -= 1,
                    Some(Tok::Op("<")) => depth += 1,
                    _ => {}
                }
                if let Some(t) = &self.cur {
                    sig.push_str(&tok_text(t));
                }
            }
            self.advance(Some(">"), false)?;
            crate::signature::Signature::parse(&sig).map_err(|mut e| {
                e.position += sig_pos;
                e
            })?;
            signature = Some((sig, sig_pos));
        }
        self.advance(Some("{"), false)?;
        let body = self.expression(0)?;
        self.advance(Some("}"), false)?;
        Ok(raw(RawKind::Lambda(params, signature, Box::new(body)), pos))
    }
}

fn mark_keep_array(node: &mut Raw) {
    match &mut node.kind {
        RawKind::Binary("[", lhs, _) => mark_keep_array(lhs),
        _ => node.keep_array = true,
    }
}
