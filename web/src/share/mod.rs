//! Share: a permalink that carries a state machine, the functions it calls and an input.

pub mod button;
pub mod codec;
pub mod page;
pub mod plan;
