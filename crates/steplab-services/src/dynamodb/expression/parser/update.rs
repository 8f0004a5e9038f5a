//! Update expressions: the SET, REMOVE, ADD and DELETE sections.

use super::{Check, Parser, Result, is_condition_function};
use crate::dynamodb::expression::ast::{Path, Update, UpdateValue};
use crate::dynamodb::expression::lexer::Kind;
use crate::dynamodb::value::AttributeValue;

impl Parser<'_> {
    pub(super) fn update(&mut self) -> Result<Update> {
        let mut update = Update::default();
        let mut seen: Vec<String> = Vec::new();
        // every path in the order written, for the overlap checks
        let mut written: Vec<Path> = Vec::new();
        loop {
            let section = match &self.peek().kind {
                Kind::Ident(word) => word.to_ascii_uppercase(),
                Kind::Eof if !seen.is_empty() => {
                    self.check_clashes(&written.iter().collect::<Vec<_>>());
                    return Ok(update);
                }
                _ => return Err(self.syntax_error()),
            };
            if !matches!(section.as_str(), "SET" | "REMOVE" | "ADD" | "DELETE") {
                return Err(self.syntax_error());
            }
            if seen.contains(&section) {
                self.defer(
                    Check::DuplicateSection,
                    format!(
                        "The \"{section}\" section can only be used once in an update expression;"
                    ),
                );
            }
            seen.push(section.clone());
            self.next();
            loop {
                match section.as_str() {
                    "SET" => {
                        let path = self.path()?;
                        written.push(path.clone());
                        self.expect_symbol("=")?;
                        let value = self.update_value()?;
                        update.set.push((path, value));
                    }
                    "REMOVE" => {
                        let path = self.path()?;
                        written.push(path.clone());
                        update.remove.push(path);
                    }
                    _ => {
                        let path = self.path()?;
                        written.push(path.clone());
                        let Kind::ValueRef(reference) = self.peek().kind.clone() else {
                            return Err(self.syntax_error());
                        };
                        let value = self.value(&reference)?;
                        let allowed = if section == "ADD" {
                            matches!(
                                value,
                                AttributeValue::N(_)
                                    | AttributeValue::Ss(_)
                                    | AttributeValue::Ns(_)
                                    | AttributeValue::Bs(_)
                            )
                        } else {
                            matches!(
                                value,
                                AttributeValue::Ss(_)
                                    | AttributeValue::Ns(_)
                                    | AttributeValue::Bs(_)
                            )
                        };
                        if !allowed {
                            self.defer(Check::SectionOperand, format!(
                                "Incorrect operand type for operator or function; operator: {section}, operand type: {}, typeSet: ALLOWED_FOR_{section}_OPERAND",
                                value.operand_type_name()
                            ));
                        }
                        if section == "ADD" {
                            update.add.push((path, value));
                        } else {
                            update.delete.push((path, value));
                        }
                    }
                }
                if self.is_symbol(",") {
                    self.next();
                } else {
                    break;
                }
            }
        }
    }

    fn update_value(&mut self) -> Result<UpdateValue> {
        let left = self.update_operand()?;
        for (symbol, make) in
            [("+", UpdateValue::Plus as fn(_, _) -> _), ("-", UpdateValue::Minus as fn(_, _) -> _)]
        {
            if self.is_symbol(symbol) {
                self.next();
                let right = self.update_operand()?;
                self.check_value_types(symbol, &[&left, &right], "N");
                return Ok(make(Box::new(left), Box::new(right)));
            }
        }
        Ok(left)
    }

    /// The values given to `+`, `-` or `list_append` directly must be of the type it takes.
    fn check_value_types(&mut self, function: &str, operands: &[&UpdateValue], wanted: &str) {
        for operand in operands {
            if let UpdateValue::Value(v) = operand
                && v.type_name() != wanted
            {
                self.operand_type(function, v.type_name());
                return;
            }
        }
    }

    fn update_operand(&mut self) -> Result<UpdateValue> {
        if self.is_call() {
            let Kind::Ident(name) = self.next().kind else { unreachable!() };
            return match name.as_str() {
                "if_not_exists" => {
                    let mut args = self.arguments(Self::update_value)?;
                    if args.len() != 2 {
                        self.operand_count(&name, args.len());
                        return Ok(UpdateValue::Path(Vec::new()));
                    }
                    let fallback = args.pop().unwrap_or(UpdateValue::Path(Vec::new()));
                    match args.pop() {
                        Some(UpdateValue::Path(path)) => {
                            Ok(UpdateValue::IfNotExists(path, Box::new(fallback)))
                        }
                        _ => {
                            self.needs_path(&name);
                            Ok(UpdateValue::Path(Vec::new()))
                        }
                    }
                }
                "list_append" => {
                    let mut args = self.arguments(Self::update_value)?;
                    if args.len() != 2 {
                        self.operand_count(&name, args.len());
                        return Ok(UpdateValue::Path(Vec::new()));
                    }
                    let second = args.pop().unwrap_or(UpdateValue::Path(Vec::new()));
                    let first = args.pop().unwrap_or(UpdateValue::Path(Vec::new()));
                    self.check_value_types(&name, &[&first, &second], "L");
                    Ok(UpdateValue::ListAppend(Box::new(first), Box::new(second)))
                }
                _ => {
                    self.arguments(Self::update_value)?;
                    let message = if is_condition_function(&name) || name == "size" {
                        format!(
                            "The function is not allowed in an update expression; function: {name}"
                        )
                    } else {
                        format!("Invalid function name; function: {name}")
                    };
                    self.defer(Check::UnknownFunction, message);
                    Ok(UpdateValue::Path(Vec::new()))
                }
            };
        }
        match self.peek().kind.clone() {
            Kind::ValueRef(reference) => Ok(UpdateValue::Value(self.value(&reference)?)),
            Kind::Ident(_) | Kind::NameRef(_) => Ok(UpdateValue::Path(self.path()?)),
            _ => Err(self.syntax_error()),
        }
    }
}
