//! The parser's tests.

use super::*;
use crate::dynamodb::expression::ast::{Comparator, Condition, Operand, PathElement};
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

#[test]
fn checks_after_parsing_report_in_dynamodb_order() {
    let subs = || {
        Substitutions::from_input(&json!({
            "ExpressionAttributeValues": {":lo": {"N": "1"}, ":hi": {"N": "10"}, ":s": {"S": "a"}}
        }))
        .unwrap()
    };
    let error = |source: &str| {
        parse_condition("FilterExpression", source, &mut subs()).unwrap_err().message
    };
    assert_eq!(
        error("a = a"),
        "Invalid FilterExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]"
    );
    assert_eq!(
        error("a BETWEEN :hi AND :lo"),
        "Invalid FilterExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:10}, upper bound operand: AttributeValue: {N:1}"
    );
    assert_eq!(
        error("a BETWEEN :lo AND :s"),
        "Invalid FilterExpression: The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}"
    );
    assert_eq!(
        error("size(:lo) > :lo"),
        "Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: size, operand type: N"
    );
    assert_eq!(
        error("size(a)"),
        "Invalid FilterExpression: The function is not allowed to be used this way in an expression; function: size"
    );
    assert_eq!(
        error("attribute_type(a, b)"),
        "Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: attribute_type, operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}"
    );
    // redundant parentheses first, then unknown functions, then reserved words, then undefined
    // names and values
    assert_eq!(
        error("((status = :x)) OR foo(a)"),
        "Invalid FilterExpression: The expression has redundant parentheses;"
    );
    assert_eq!(
        error("status = :x OR foo(a)"),
        "Invalid FilterExpression: Invalid function name; function: foo"
    );
    assert_eq!(
        error("#x = :x AND status = :s"),
        "Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: status"
    );
    assert!(parse_condition("FilterExpression", "size(:s) = :lo", &mut subs()).is_ok());
}

#[test]
fn update_checks_report_in_dynamodb_order() {
    let error = |source: &str| parse_update(source, &mut subs()).unwrap_err().message;
    assert_eq!(
        error("SET a[0] = :v, a.b = :v"),
        "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, [0]], path two: [a, b]"
    );
    assert_eq!(
        error("REMOVE a.b SET a = :v"),
        "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a]"
    );
    assert_eq!(
        error("SET a = :t + :v"),
        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S"
    );
    assert_eq!(
        error("SET a = list_append(a, :v)"),
        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: N"
    );
    // reserved words come first in an update expression, then duplicate sections, then names
    assert_eq!(
        error("SET #x = :v SET status = :v"),
        "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status"
    );
    assert_eq!(
        error("SET #x = :v SET b = :v"),
        "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;"
    );
    assert_eq!(
        error("SET a = :x, #x = :v"),
        "Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #x"
    );
}
