//! Conditions: OR, AND, NOT, comparisons, BETWEEN, IN and the condition functions.

use std::cmp::Ordering;

use super::{Check, Parser, Result, TYPE_NAMES, is_condition_function};
use crate::dynamodb::expression::ast::{Comparator, Condition, Operand, path_text};
use crate::dynamodb::expression::lexer::Kind;
use crate::dynamodb::value::AttributeValue;

/// What stands for a condition or operand refused by a deferred check.
fn refused() -> Condition {
    Condition::Exists(Vec::new())
}

/// A value as DynamoDB's BETWEEN errors show it: `{N:10}`.
fn shown(value: &AttributeValue) -> String {
    let inner = match value {
        AttributeValue::S(v) | AttributeValue::N(v) | AttributeValue::B(v) => v.clone(),
        other => other.to_json()[other.type_name()].to_string(),
    };
    format!("{{{}:{inner}}}", value.type_name())
}

impl Parser<'_> {
    pub(super) fn condition(&mut self) -> Result<Condition> {
        let mut left = self.and()?;
        while self.peek().is_keyword("OR") {
            self.next();
            left = Condition::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Condition> {
        let mut left = self.not()?;
        while self.peek().is_keyword("AND") {
            self.next();
            left = Condition::And(Box::new(left), Box::new(self.not()?));
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Condition> {
        if self.peek().is_keyword("NOT") {
            self.next();
            return Ok(Condition::Not(Box::new(self.not()?)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Condition> {
        if self.is_symbol("(") {
            let open = self.at;
            self.next();
            let inner = self.condition()?;
            let close = self.at;
            self.expect_symbol(")")?;
            if self.groups.contains(&(open + 1, close - 1)) {
                self.defer(
                    Check::RedundantParentheses,
                    "The expression has redundant parentheses;",
                );
            }
            self.groups.push((open, close));
            return Ok(inner);
        }
        if self.is_call() {
            let Kind::Ident(name) = self.peek().kind.clone() else { unreachable!() };
            if name != "size" {
                return self.function(&name);
            }
        }
        let left = self.operand()?;
        if self.peek().is_keyword("BETWEEN") {
            self.next();
            let low = self.operand()?;
            if !self.peek().is_keyword("AND") {
                return Err(self.syntax_error());
            }
            self.next();
            let high = self.operand()?;
            if let (Operand::Value(low), Operand::Value(high)) = (&low, &high) {
                self.check_bounds(low, high);
            }
            return Ok(Condition::Between(left, low, high));
        }
        if self.peek().is_keyword("IN") {
            self.next();
            let list = self.arguments(Self::operand)?;
            return Ok(Condition::In(left, list));
        }
        let comparator = match self.peek().kind {
            Kind::Symbol("=") => Comparator::Eq,
            Kind::Symbol("<>") => Comparator::Ne,
            Kind::Symbol("<") => Comparator::Lt,
            Kind::Symbol("<=") => Comparator::Le,
            Kind::Symbol(">") => Comparator::Gt,
            Kind::Symbol(">=") => Comparator::Ge,
            _ if matches!(left, Operand::Size(_)) && self.peek().kind == Kind::Eof => {
                self.defer(
                    Check::MisusedFunction,
                    "The function is not allowed to be used this way in an expression; function: size",
                );
                return Ok(refused());
            }
            _ => return Err(self.syntax_error()),
        };
        let symbol = self.next().text(self.source).to_owned();
        let right = self.operand()?;
        self.check_distinct(&symbol, &left, &right);
        Ok(Condition::Compare(left, comparator, right))
    }

    /// BETWEEN's bounds, when both are values: of one type, the lower not above the upper.
    fn check_bounds(&mut self, low: &AttributeValue, high: &AttributeValue) {
        let bounds = format!(
            "lower bound operand: AttributeValue: {}, upper bound operand: AttributeValue: {}",
            shown(low),
            shown(high)
        );
        if low.type_name() != high.type_name() {
            self.defer(
                Check::OperandType,
                format!("The BETWEEN operator requires same data type for lower and upper bounds; {bounds}"),
            );
        } else if low.compare(high) == Some(Ordering::Greater) {
            self.defer(
                Check::OperandType,
                format!("The BETWEEN operator requires upper bound to be greater than or equal to lower bound; {bounds}"),
            );
        }
    }

    /// An operator or function may not compare a path with itself (`a = a`).
    fn check_distinct(&mut self, operator: &str, first: &Operand, second: &Operand) {
        if let (Operand::Path(a), Operand::Path(b)) = (first, second)
            && a == b
        {
            self.defer(
                Check::Distinct,
                format!(
                    "The first operand must be distinct from the remaining operands for this operator or function; operator: {operator}, first operand: {}",
                    path_text(a)
                ),
            );
        }
    }

    fn operand(&mut self) -> Result<Operand> {
        if self.is_call() {
            let Kind::Ident(name) = self.next().kind else { unreachable!() };
            let mut args = self.arguments(Self::operand)?;
            if name != "size" {
                if is_condition_function(&name) {
                    self.defer(Check::MisusedFunction, format!(
                        "The function is not allowed to be used this way in an expression; function: {name}"
                    ));
                } else {
                    self.unknown_function(&name);
                }
                return Ok(Operand::Path(Vec::new()));
            }
            if args.len() != 1 {
                self.operand_count("size", args.len());
                return Ok(Operand::Path(Vec::new()));
            }
            let arg = args.remove(0);
            match &arg {
                Operand::Value(
                    v @ (AttributeValue::N(_) | AttributeValue::Bool(_) | AttributeValue::Null(_)),
                ) => {
                    self.operand_type("size", v.type_name());
                }
                Operand::Size(_) => self.operand_type("size", "N"),
                _ => {}
            }
            return Ok(Operand::Size(Box::new(arg)));
        }
        match self.peek().kind.clone() {
            Kind::ValueRef(reference) => Ok(Operand::Value(self.value(&reference)?)),
            Kind::Ident(_) | Kind::NameRef(_) => Ok(Operand::Path(self.path()?)),
            _ => Err(self.syntax_error()),
        }
    }

    /// The error for a function a condition cannot call.
    fn unknown_function(&mut self, name: &str) {
        if matches!(name, "if_not_exists" | "list_append") {
            self.defer(
                Check::UnknownFunction,
                format!("The function is not allowed in a condition expression; function: {name}"),
            );
        } else {
            self.defer(Check::UnknownFunction, format!("Invalid function name; function: {name}"));
        }
    }

    fn function(&mut self, name: &str) -> Result<Condition> {
        self.next();
        let args = self.arguments(Self::operand)?;
        if !is_condition_function(name) {
            self.unknown_function(name);
            return Ok(refused());
        }
        let expected =
            if name.starts_with("attribute_") && name != "attribute_type" { 1 } else { 2 };
        if args.len() != expected {
            self.operand_count(name, args.len());
            return Ok(refused());
        }
        let mut args = args.into_iter();
        let first = args.next().unwrap_or(Operand::Path(Vec::new()));
        let second = args.next().unwrap_or(Operand::Path(Vec::new()));
        if expected == 2 {
            self.check_distinct(name, &first, &second);
        }
        let path = match &first {
            Operand::Path(path) => Some(path.clone()),
            _ => None,
        };
        if name.starts_with("attribute_") && path.is_none() {
            self.needs_path(name);
            return Ok(refused());
        }
        let path = path.unwrap_or_default();
        Ok(match name {
            "attribute_exists" => Condition::Exists(path),
            "attribute_not_exists" => Condition::NotExists(path),
            "attribute_type" => {
                let type_name = match second {
                    Operand::Value(AttributeValue::S(t)) => t,
                    Operand::Value(other) => {
                        self.operand_type(name, other.type_name());
                        return Ok(refused());
                    }
                    Operand::Size(_) => {
                        self.operand_type(name, "N");
                        return Ok(refused());
                    }
                    Operand::Path(_) => {
                        self.operand_type(name, "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}");
                        return Ok(refused());
                    }
                };
                if !TYPE_NAMES.contains(&type_name.as_str()) {
                    self.defer(Check::OperandType, format!(
                        "Invalid attribute type name found; type: {type_name}, valid types: {{{}}}",
                        TYPE_NAMES.join(",")
                    ));
                }
                Condition::Type(path, type_name)
            }
            "begins_with" => {
                for operand in [&first, &second] {
                    match operand {
                        Operand::Value(v)
                            if !matches!(v, AttributeValue::S(_) | AttributeValue::B(_)) =>
                        {
                            self.operand_type(name, v.type_name());
                        }
                        Operand::Size(_) => self.operand_type(name, "N"),
                        _ => {}
                    }
                }
                Condition::BeginsWith(first, second)
            }
            _ => Condition::Contains(first, second),
        })
    }
}
