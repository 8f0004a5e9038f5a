//! The canvas's sizes, in pixels: boxes, gaps, the Start and End markers, and a state's width from its name.

/// A state box's height.
pub const NODE_H: f64 = 44.0;
pub(crate) const NODE_MIN_W: f64 = 160.0;
const CHAR_W: f64 = 7.5;
pub(crate) const GAP_X: f64 = 40.0;
pub(crate) const GAP_Y: f64 = 56.0;
pub(crate) const PAD: f64 = 16.0;
pub(crate) const HEADER: f64 = 36.0;
pub(crate) const TERMINAL_W: f64 = 80.0;
pub(crate) const TERMINAL_H: f64 = 32.0;
pub(crate) const LOOP_GAP: f64 = 14.0;
/// The room each branch of a Choice gets along its bottom edge.
pub(crate) const BRANCH_W: f64 = 72.0;

/// A state box's width: its name or type, whichever is longer (up to 48 characters).
pub(crate) fn node_width(name: &str, kind: &str) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let chars = name.chars().count().max(kind.len()).min(48) as f64;
    (chars * CHAR_W + 32.0).max(NODE_MIN_W)
}
