//! A recursive-descent parser for condition, update and projection expressions.

use super::ast::{Comparator, Condition, Operand, Path, PathElement, Update, UpdateValue};
use super::lexer::{Kind, Token, tokenize};
use super::reserved::is_reserved;
use super::substitutions::Substitutions;
use crate::ServiceError;
use crate::dynamodb::value::AttributeValue;

/// The attribute types `attribute_type` accepts, in the order AWS's message lists them.
const TYPE_NAMES: [&str; 10] = ["B", "NULL", "SS", "BOOL", "L", "BS", "N", "NS", "S", "M"];

struct Parser<'a> {
    what: &'a str,
    source: &'a str,
    tokens: Vec<Token>,
    at: usize,
    subs: &'a mut Substitutions,
    /// The first error found in a well-formed expression (an undefined name or value, a reserved
    /// word), given once the whole expression has parsed: DynamoDB reports syntax errors first.
    deferred: Option<ServiceError>,
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
            deferred: None,
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
        match self.deferred.take() {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }

    fn defer(&mut self, error: ServiceError) {
        if self.deferred.is_none() {
            self.deferred = Some(error);
        }
    }

    fn path_name(&mut self) -> Result<String> {
        match self.peek().kind.clone() {
            Kind::Ident(name) => {
                self.next();
                if is_reserved(&name) {
                    let error = self.invalid(format!(
                        "Attribute name is a reserved keyword; reserved keyword: {name}"
                    ));
                    self.defer(error);
                }
                Ok(name)
            }
            Kind::NameRef(reference) => {
                self.next();
                Ok(match self.subs.name(&reference) {
                    Some(name) => name,
                    None => {
                        let error = self.invalid(format!(
                            "An expression attribute name used in the document path is not defined; attribute name: {reference}"
                        ));
                        self.defer(error);
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
                let error = self.invalid(format!(
                    "An expression attribute value used in expression is not defined; attribute value: {reference}"
                ));
                self.defer(error);
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

    fn operand_count(&self, function: &str, count: usize) -> ServiceError {
        self.invalid(format!(
            "Incorrect number of operands for operator or function; operator or function: {function}, number of operands: {count}"
        ))
    }

    /// The error for a function a condition cannot call.
    fn unknown_function(&self, name: &str) -> ServiceError {
        if matches!(name, "if_not_exists" | "list_append") {
            self.invalid(format!(
                "The function is not allowed in a condition expression; function: {name}"
            ))
        } else {
            self.invalid(format!("Invalid function name; function: {name}"))
        }
    }

    fn needs_path(&self, function: &str) -> ServiceError {
        self.invalid(format!(
            "Operator or function requires a document path; operator or function: {function}"
        ))
    }

    // ---- conditions

    fn condition(&mut self) -> Result<Condition> {
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

    // ---- updates

    fn update(&mut self) -> Result<Update> {
        let mut update = Update::default();
        let mut seen: Vec<String> = Vec::new();
        loop {
            let section = match &self.peek().kind {
                Kind::Ident(word) => word.to_ascii_uppercase(),
                Kind::Eof if !seen.is_empty() => return Ok(update),
                _ => return Err(self.syntax_error()),
            };
            if !matches!(section.as_str(), "SET" | "REMOVE" | "ADD" | "DELETE") {
                return Err(self.syntax_error());
            }
            if seen.contains(&section) {
                return Err(self.invalid(format!(
                    "The \"{section}\" section can only be used once in an update expression;"
                )));
            }
            seen.push(section.clone());
            self.next();
            loop {
                match section.as_str() {
                    "SET" => {
                        let path = self.path()?;
                        self.expect_symbol("=")?;
                        let value = self.update_value()?;
                        update.set.push((path, value));
                    }
                    "REMOVE" => update.remove.push(self.path()?),
                    _ => {
                        let path = self.path()?;
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
                            let error = self.invalid(format!(
                                "Incorrect operand type for operator or function; operator: {section}, operand type: {}, typeSet: ALLOWED_FOR_{section}_OPERAND",
                                value.operand_type_name()
                            ));
                            self.defer(error);
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
        if self.is_symbol("+") {
            self.next();
            return Ok(UpdateValue::Plus(Box::new(left), Box::new(self.update_operand()?)));
        }
        if self.is_symbol("-") {
            self.next();
            return Ok(UpdateValue::Minus(Box::new(left), Box::new(self.update_operand()?)));
        }
        Ok(left)
    }

    fn update_operand(&mut self) -> Result<UpdateValue> {
        if self.is_call() {
            let Kind::Ident(name) = self.next().kind else { unreachable!() };
            return match name.as_str() {
                "if_not_exists" => {
                    let mut args = self.arguments(Self::update_value)?;
                    if args.len() != 2 {
                        return Err(self.operand_count(&name, args.len()));
                    }
                    let fallback = args.pop().unwrap_or(UpdateValue::Path(Vec::new()));
                    match args.pop() {
                        Some(UpdateValue::Path(path)) => {
                            Ok(UpdateValue::IfNotExists(path, Box::new(fallback)))
                        }
                        _ => Err(self.needs_path(&name)),
                    }
                }
                "list_append" => {
                    let mut args = self.arguments(Self::update_value)?;
                    if args.len() != 2 {
                        return Err(self.operand_count(&name, args.len()));
                    }
                    let second = args.pop().unwrap_or(UpdateValue::Path(Vec::new()));
                    let first = args.pop().unwrap_or(UpdateValue::Path(Vec::new()));
                    Ok(UpdateValue::ListAppend(Box::new(first), Box::new(second)))
                }
                _ if is_condition_function(&name) || name == "size" => Err(self.invalid(format!(
                    "The function is not allowed in an update expression; function: {name}"
                ))),
                _ => Err(self.invalid(format!("Invalid function name; function: {name}"))),
            };
        }
        match self.peek().kind.clone() {
            Kind::ValueRef(reference) => Ok(UpdateValue::Value(self.value(&reference)?)),
            Kind::Ident(_) | Kind::NameRef(_) => Ok(UpdateValue::Path(self.path()?)),
            _ => Err(self.syntax_error()),
        }
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
    parser.finish()?;
    super::update::check_overlaps("ProjectionExpression", &paths.iter().collect::<Vec<_>>())?;
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn subs() -> Substitutions {
        Substitutions::from_input(&json!({
            "ExpressionAttributeNames": {"#n": "name"},
            "ExpressionAttributeValues": {":v": {"N": "1"}, ":s": {"SS": ["a"]}, ":t": {"S": "S"}}
        }))
        .unwrap()
    }

    fn condition_error(source: &str) -> String {
        parse_condition("ConditionExpression", source, &mut subs()).unwrap_err().message
    }

    #[test]
    fn parses_conditions_with_precedence() {
        let c = parse_condition(
            "ConditionExpression",
            "a = :v OR NOT b < :v AND #n.c[2] <> :v",
            &mut subs(),
        )
        .unwrap();
        let Condition::Or(_, right) = c else { panic!("{c:?}") };
        let Condition::And(not, compare) = *right else { panic!() };
        assert!(matches!(*not, Condition::Not(_)));
        let Condition::Compare(Operand::Path(path), Comparator::Ne, _) = *compare else { panic!() };
        assert_eq!(
            path,
            vec![
                PathElement::Name("name".into()),
                PathElement::Name("c".into()),
                PathElement::Index(2)
            ]
        );
    }

    #[test]
    fn parses_functions_between_and_in() {
        for source in [
            "attribute_exists(a) AND attribute_not_exists(#n)",
            "attribute_type(a, :t)",
            "begins_with(a, :t) OR contains(a, :v)",
            "size(a) > :v",
            "a BETWEEN :v AND :v",
            "a IN (:v, :v, b)",
            "(a = :v) AND ((b = :v) OR c = :v)",
        ] {
            parse_condition("ConditionExpression", source, &mut subs()).unwrap();
        }
    }

    #[test]
    fn syntax_errors_show_the_token_and_what_is_near() {
        assert_eq!(
            condition_error("a = "),
            "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"= \""
        );
        assert_eq!(
            condition_error("a == :v"),
            "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"== :v\""
        );
        assert_eq!(
            condition_error("attribute_exists()"),
            "Invalid ConditionExpression: Syntax error; token: \")\", near: \"()\""
        );
        assert_eq!(
            condition_error("#x = :v"),
            "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #x"
        );
        assert_eq!(
            condition_error("a = :x"),
            "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :x"
        );
        assert_eq!(
            condition_error("begins_with(a, :v, :v)"),
            "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 3"
        );
        assert_eq!(
            condition_error(""),
            "Invalid ConditionExpression: The expression can not be empty;"
        );
        assert_eq!(
            condition_error("((a = :v)) AND b = :v"),
            "Invalid ConditionExpression: The expression has redundant parentheses;"
        );
        assert_eq!(
            condition_error("begins_with(a, :v)"),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"
        );
    }

    #[test]
    fn parses_updates() {
        let u = parse_update(
            "SET a = if_not_exists(a, :v) + :v, b = list_append(b, c) REMOVE d[1] ADD e :v DELETE f :s",
            &mut subs(),
        )
        .unwrap();
        assert_eq!((u.set.len(), u.remove.len(), u.add.len(), u.delete.len()), (2, 1, 1, 1));
        assert_eq!(
            parse_update("SET a = :v SET b = :v", &mut subs()).unwrap_err().message,
            "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;"
        );
        assert_eq!(
            parse_update("ADD a :t", &mut subs()).unwrap_err().message,
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND"
        );
        assert_eq!(
            parse_update("SET a = ", &mut subs()).unwrap_err().message,
            "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"= \""
        );
    }

    #[test]
    fn parses_projections() {
        let paths = parse_projection("a, #n.b[0]", &mut subs()).unwrap();
        assert_eq!(paths.len(), 2);
    }
}
