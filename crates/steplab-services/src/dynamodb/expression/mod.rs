//! DynamoDB's expressions: a lexer, a parser and evaluators for condition, filter, key
//! condition, update and projection expressions, with `#names` and `:values`.

pub mod ast;
pub mod evaluate;
pub mod lexer;
pub mod parser;
pub mod path;
pub mod reserved;
pub mod substitutions;
pub mod update;

pub use ast::{Condition, Path, Update};
pub use evaluate::evaluate;
pub use parser::{parse_condition, parse_projection, parse_update};
pub use substitutions::Substitutions;
