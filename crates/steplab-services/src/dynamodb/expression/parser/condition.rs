//! Conditions: OR, AND, NOT, comparisons, BETWEEN, IN and the condition functions.

use super::{Parser, Result, TYPE_NAMES, is_condition_function};
use crate::dynamodb::expression::ast::{Comparator, Condition, Operand};
use crate::dynamodb::expression::lexer::Kind;
use crate::dynamodb::value::AttributeValue;

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
                let error = self.invalid("The expression has redundant parentheses;");
                self.defer(error);
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
            _ => return Err(self.syntax_error()),
        };
        self.next();
        let right = self.operand()?;
        Ok(Condition::Compare(left, comparator, right))
    }

    fn operand(&mut self) -> Result<Operand> {
        if self.is_call() {
            let Kind::Ident(name) = self.next().kind else { unreachable!() };
            if name != "size" {
                if is_condition_function(&name) {
                    return Err(self.invalid(format!(
                        "The function is not allowed to be used this way in an expression; function: {name}"
                    )));
                }
                return Err(self.unknown_function(&name));
            }
            let mut args = self.arguments(Self::operand)?;
            if args.len() != 1 {
                return Err(self.operand_count("size", args.len()));
            }
            return match args.remove(0) {
                Operand::Path(path) => Ok(Operand::Size(path)),
                _ => Err(self.needs_path("size")),
            };
        }
        match self.peek().kind.clone() {
            Kind::ValueRef(reference) => Ok(Operand::Value(self.value(&reference)?)),
            Kind::Ident(_) | Kind::NameRef(_) => Ok(Operand::Path(self.path()?)),
            _ => Err(self.syntax_error()),
        }
    }

    fn function(&mut self, name: &str) -> Result<Condition> {
        self.next();
        if !is_condition_function(name) {
            return Err(self.unknown_function(name));
        }
        let args = self.arguments(Self::operand)?;
        let expected =
            if name.starts_with("attribute_") && name != "attribute_type" { 1 } else { 2 };
        if args.len() != expected {
            return Err(self.operand_count(name, args.len()));
        }
        let mut args = args.into_iter();
        let first = args.next().unwrap_or(Operand::Path(Vec::new()));
        let second = args.next();
        let path = match &first {
            Operand::Path(path) => Some(path.clone()),
            _ => None,
        };
        Ok(match name {
            "attribute_exists" => Condition::Exists(path.ok_or_else(|| self.needs_path(name))?),
            "attribute_not_exists" => {
                Condition::NotExists(path.ok_or_else(|| self.needs_path(name))?)
            }
            "attribute_type" => {
                let path = path.ok_or_else(|| self.needs_path(name))?;
                let type_name = match second {
                    Some(Operand::Value(AttributeValue::S(t))) => t,
                    Some(Operand::Value(other)) => {
                        return Err(self.invalid(format!(
                            "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: {}",
                            other.type_name()
                        )));
                    }
                    _ => return Err(self.invalid("Incorrect operand type for operator or function; operator or function: attribute_type, operand type: PATH")),
                };
                if !TYPE_NAMES.contains(&type_name.as_str()) {
                    return Err(self.invalid(format!(
                        "Invalid attribute type name found; type: {type_name}, valid types: {{{}}}",
                        TYPE_NAMES.join(",")
                    )));
                }
                Condition::Type(path, type_name)
            }
            "begins_with" => {
                for operand in [&first, second.as_ref().unwrap_or(&first)] {
                    if let Operand::Value(v) = operand
                        && !matches!(v, AttributeValue::S(_) | AttributeValue::B(_))
                    {
                        let error = self.invalid(format!(
                            "Incorrect operand type for operator or function; operator or function: begins_with, operand type: {}",
                            v.type_name()
                        ));
                        self.defer(error);
                    }
                }
                Condition::BeginsWith(first, second.unwrap_or(Operand::Path(Vec::new())))
            }
            _ => Condition::Contains(first, second.unwrap_or(Operand::Path(Vec::new()))),
        })
    }
}
