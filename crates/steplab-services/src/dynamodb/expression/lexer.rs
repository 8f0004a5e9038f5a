//! Splits an expression into tokens, keeping where each is for syntax errors.

/// What a token is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A name or keyword: `a`, `AND`, `begins_with`.
    Ident(String),
    /// `#name`
    NameRef(String),
    /// `:value`
    ValueRef(String),
    /// Digits (a list index).
    Int(String),
    /// `(`, `)`, `[`, `]`, `,`, `.`, `=`, `<>`, `<`, `<=`, `>`, `>=`, `+`, `-`.
    Symbol(&'static str),
    /// A character no token starts with.
    Invalid(char),
    /// The end.
    Eof,
}

/// A token and its byte range in the expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: Kind,
    /// Where it starts.
    pub start: usize,
    /// Where it ends.
    pub end: usize,
}

impl Token {
    /// The token as syntax errors show it.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        if self.kind == Kind::Eof { "<EOF>" } else { &source[self.start..self.end] }
    }

    /// Whether it is the keyword `word` (keywords are case-insensitive).
    pub fn is_keyword(&self, word: &str) -> bool {
        matches!(&self.kind, Kind::Ident(s) if s.eq_ignore_ascii_case(word))
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The tokens of `source`, ending with [`Kind::Eof`].
pub fn tokenize(source: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = source.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(source.len(), |(at, _)| *at);
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let kind = match c {
            '#' | ':' => {
                while j < chars.len() && is_name_char(chars[j].1) {
                    j += 1;
                }
                let name = source[start..end_of(j)].to_owned();
                if j == i + 1 {
                    Kind::Invalid(c)
                } else if c == '#' {
                    Kind::NameRef(name)
                } else {
                    Kind::ValueRef(name)
                }
            }
            c if c.is_ascii_digit() => {
                while j < chars.len() && chars[j].1.is_ascii_digit() {
                    j += 1;
                }
                Kind::Int(source[start..end_of(j)].to_owned())
            }
            c if is_name_char(c) => {
                while j < chars.len() && is_name_char(chars[j].1) {
                    j += 1;
                }
                Kind::Ident(source[start..end_of(j)].to_owned())
            }
            '<' | '>' => {
                let next = chars.get(j).map(|(_, c)| *c);
                match (c, next) {
                    ('<', Some('=')) => {
                        j += 1;
                        Kind::Symbol("<=")
                    }
                    ('<', Some('>')) => {
                        j += 1;
                        Kind::Symbol("<>")
                    }
                    ('>', Some('=')) => {
                        j += 1;
                        Kind::Symbol(">=")
                    }
                    ('<', _) => Kind::Symbol("<"),
                    _ => Kind::Symbol(">"),
                }
            }
            '(' => Kind::Symbol("("),
            ')' => Kind::Symbol(")"),
            '[' => Kind::Symbol("["),
            ']' => Kind::Symbol("]"),
            ',' => Kind::Symbol(","),
            '.' => Kind::Symbol("."),
            '=' => Kind::Symbol("="),
            '+' => Kind::Symbol("+"),
            '-' => Kind::Symbol("-"),
            other => Kind::Invalid(other),
        };
        out.push(Token { kind, start, end: end_of(j) });
        i = j;
    }
    out.push(Token { kind: Kind::Eof, start: source.len(), end: source.len() });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        let kinds: Vec<Kind> = tokenize("#a.b[1] <= :v").into_iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            vec![
                Kind::NameRef("#a".into()),
                Kind::Symbol("."),
                Kind::Ident("b".into()),
                Kind::Symbol("["),
                Kind::Int("1".into()),
                Kind::Symbol("]"),
                Kind::Symbol("<="),
                Kind::ValueRef(":v".into()),
                Kind::Eof
            ]
        );
    }
}
