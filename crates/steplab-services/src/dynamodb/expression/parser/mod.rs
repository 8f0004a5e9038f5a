//! A recursive-descent parser for condition, update and projection expressions: the parser and
//! what every expression has (document paths, values, calls); conditions and updates in their own
//! files.

mod condition;
#[cfg(test)]
mod tests;
mod update;

use super::ast::{Clash, Condition, Path, PathElement, Update, clash, clash_message};
use super::lexer::{Kind, Token, tokenize};
use super::reserved::is_reserved;
use super::substitutions::Substitutions;
use crate::ServiceError;
use crate::dynamodb::value::AttributeValue;

/// The attribute types `attribute_type` accepts, in the order AWS's message lists them.
const TYPE_NAMES: [&str; 10] = ["B", "NULL", "SS", "BOOL", "L", "BS", "N", "NS", "S", "M"];

/// The checks made on an expression that parses. An expression failing several gives the error
/// of the first in DynamoDB's order (see [`Check::rank`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Check {
    RedundantParentheses,
    UnknownFunction,
    MisusedFunction,
    ReservedWord,
    DuplicateSection,
    UndefinedName,
    UndefinedValue,
    PathOverlap,
    PathConflict,
    /// ADD and DELETE's value.
    SectionOperand,
    OperandCount,
    Distinct,
    OperandType,
}

impl Check {
    /// The order DynamoDB reports the checks in (as dynalite records it), which differs between
    /// update expressions and the others.
    fn rank(self, update: bool) -> u8 {
        use Check::*;
        if update {
            match self {
                ReservedWord => 0,
                UnknownFunction | MisusedFunction => 1,
                DuplicateSection => 2,
                UndefinedName => 3,
                UndefinedValue => 4,
                PathOverlap => 5,
                PathConflict => 6,
                SectionOperand => 7,
                _ => 8,
            }
        } else {
            match self {
                RedundantParentheses => 0,
                UnknownFunction => 1,
                MisusedFunction => 2,
                ReservedWord => 3,
                UndefinedName | UndefinedValue => 4,
                PathOverlap => 5,
                PathConflict => 6,
                OperandCount => 7,
                Distinct => 8,
                _ => 9,
            }
        }
    }
}

struct Parser<'a> {
    what: &'a str,
    source: &'a str,
    tokens: Vec<Token>,
    at: usize,
    subs: &'a mut Substitutions,
    /// The first error of each check failed, given once the whole expression has parsed:
    /// DynamoDB reports syntax errors first.
    deferred: Vec<(Check, ServiceError)>,
    /// The token indexes of each `(` and its `)`, to find redundant parentheses.
    groups: Vec<(usize, usize)>,
}

type Result<T> = std::result::Result<T, ServiceError>;

impl<'a> Parser<'a> {
    fn new(what: &'a str, source: &'a str, subs: &'a mut Substitutions) -> Result<Self> {
        if source.trim().is_empty() {
            return Err(ServiceError::validation(format!(
                "Invalid {what}: The expression can not be empty;"
            )));
        }
        subs.note_expression();
        Ok(Self {
            what,
            source,
            tokens: tokenize(source),
            at: 0,
            subs,
            deferred: Vec::new(),
            groups: Vec::new(),
        })
    }

    fn peek(&self) -> &Token {
        &self.tokens[self.at]
    }

    fn next(&mut self) -> Token {
        let token = self.tokens[self.at].clone();
        if token.kind != Kind::Eof {
            self.at += 1;
        }
        token
    }

    fn invalid(&self, message: impl std::fmt::Display) -> ServiceError {
        ServiceError::validation(format!("Invalid {}: {message}", self.what))
    }

    /// DynamoDB's syntax error: the token, and the text from the token before it to the one after.
    fn syntax_error(&self) -> ServiceError {
        let token = &self.tokens[self.at];
        let start = if self.at > 0 { self.tokens[self.at - 1].start } else { token.start };
        let end = self.tokens.get(self.at + 1).map_or(self.source.len(), |t| t.end);
        let end = if token.kind == Kind::Eof { self.source.len() } else { end };
        self.invalid(format!(
            "Syntax error; token: \"{}\", near: \"{}\"",
            token.text(self.source),
            &self.source[start..end]
        ))
    }

    fn is_symbol(&self, symbol: &str) -> bool {
        matches!(self.peek().kind, Kind::Symbol(s) if s == symbol)
    }

    fn expect_symbol(&mut self, symbol: &str) -> Result<()> {
        if self.is_symbol(symbol) {
            self.next();
            Ok(())
        } else {
            Err(self.syntax_error())
        }
    }

    /// Checks the expression is over, then gives the deferred error if there is one.
    fn finish(&mut self) -> Result<()> {
        if self.peek().kind != Kind::Eof {
            return Err(self.syntax_error());
        }
        let update = self.what == "UpdateExpression";
        self.deferred.sort_by_key(|(check, _)| check.rank(update));
        match self.deferred.drain(..).next() {
            Some((_, error)) => Err(error),
            None => Ok(()),
        }
    }

    /// Keeps the error of a check, the first one of each.
    fn defer(&mut self, check: Check, message: impl std::fmt::Display) {
        if !self.deferred.iter().any(|(c, _)| *c == check) {
            let error = self.invalid(message);
            self.deferred.push((check, error));
        }
    }

    fn path_name(&mut self) -> Result<String> {
        match self.peek().kind.clone() {
            Kind::Ident(name) => {
                self.next();
                if is_reserved(&name) {
                    self.defer(
                        Check::ReservedWord,
                        format!("Attribute name is a reserved keyword; reserved keyword: {name}"),
                    );
                }
                Ok(name)
            }
            Kind::NameRef(reference) => {
                self.next();
                Ok(match self.subs.name(&reference) {
                    Some(name) => name,
                    None => {
                        self.defer(Check::UndefinedName, format!(
                            "An expression attribute name used in the document path is not defined; attribute name: {reference}"
                        ));
                        reference
                    }
                })
            }
            _ => Err(self.syntax_error()),
        }
    }

    fn path(&mut self) -> Result<Path> {
        let mut path = vec![PathElement::Name(self.path_name()?)];
        loop {
            if self.is_symbol(".") {
                self.next();
                path.push(PathElement::Name(self.path_name()?));
            } else if self.is_symbol("[") {
                self.next();
                let Kind::Int(digits) = self.peek().kind.clone() else {
                    return Err(self.syntax_error());
                };
                let index = digits.parse().map_err(|_| self.syntax_error())?;
                self.next();
                self.expect_symbol("]")?;
                path.push(PathElement::Index(index));
            } else {
                return Ok(path);
            }
        }
    }

    fn value(&mut self, reference: &str) -> Result<AttributeValue> {
        self.next();
        Ok(match self.subs.value(reference) {
            Some(value) => value,
            None => {
                self.defer(Check::UndefinedValue, format!(
                    "An expression attribute value used in expression is not defined; attribute value: {reference}"
                ));
                AttributeValue::Null(true)
            }
        })
    }

    fn is_call(&self) -> bool {
        matches!(self.peek().kind, Kind::Ident(_))
            && matches!(self.tokens.get(self.at + 1).map(|t| &t.kind), Some(Kind::Symbol("(")))
    }

    /// The arguments of a call, after its name.
    fn arguments<T>(&mut self, mut one: impl FnMut(&mut Self) -> Result<T>) -> Result<Vec<T>> {
        self.expect_symbol("(")?;
        let mut out = vec![one(self)?];
        while self.is_symbol(",") {
            self.next();
            out.push(one(self)?);
        }
        self.expect_symbol(")")?;
        Ok(out)
    }

    fn operand_count(&mut self, function: &str, count: usize) {
        self.defer(Check::OperandCount, format!(
            "Incorrect number of operands for operator or function; operator or function: {function}, number of operands: {count}"
        ));
    }

    fn operand_type(&mut self, function: &str, operand_type: &str) {
        self.defer(Check::OperandType, format!(
            "Incorrect operand type for operator or function; operator or function: {function}, operand type: {operand_type}"
        ));
    }

    /// Checks each path against those before it (in the order written) for overlaps and
    /// conflicts.
    fn check_clashes(&mut self, paths: &[&Path]) {
        for (i, second) in paths.iter().enumerate() {
            for first in &paths[..i] {
                if let Some(found) = clash(first, second) {
                    let check = match found {
                        Clash::Overlap => Check::PathOverlap,
                        Clash::Conflict => Check::PathConflict,
                    };
                    self.defer(check, clash_message(found, first, second));
                }
            }
        }
    }

    fn needs_path(&mut self, function: &str) {
        self.defer(
            Check::OperandType,
            format!(
                "Operator or function requires a document path; operator or function: {function}"
            ),
        );
    }
}

fn is_condition_function(name: &str) -> bool {
    matches!(
        name,
        "attribute_exists" | "attribute_not_exists" | "attribute_type" | "begins_with" | "contains"
    )
}

/// Parses a condition; `what` names the parameter in errors (`ConditionExpression`,
/// `FilterExpression`, `KeyConditionExpression`).
pub fn parse_condition(what: &str, source: &str, subs: &mut Substitutions) -> Result<Condition> {
    let mut parser = Parser::new(what, source, subs)?;
    let condition = parser.condition()?;
    parser.finish()?;
    Ok(condition)
}

/// Parses an `UpdateExpression`.
pub fn parse_update(source: &str, subs: &mut Substitutions) -> Result<Update> {
    let mut parser = Parser::new("UpdateExpression", source, subs)?;
    let update = parser.update()?;
    parser.finish()?;
    Ok(update)
}

/// Parses a `ProjectionExpression`.
pub fn parse_projection(source: &str, subs: &mut Substitutions) -> Result<Vec<Path>> {
    let mut parser = Parser::new("ProjectionExpression", source, subs)?;
    let mut paths = vec![parser.path()?];
    while parser.is_symbol(",") {
        parser.next();
        paths.push(parser.path()?);
    }
    parser.check_clashes(&paths.iter().collect::<Vec<_>>());
    parser.finish()?;
    Ok(paths)
}
