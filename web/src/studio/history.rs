//! Undo and redo of definition edits.

/// The definitions before and after the current one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    past: Vec<String>,
    future: Vec<String>,
}

/// How many edits can be undone.
const DEPTH: usize = 200;

impl History {
    /// Records that `before` was replaced by an edit (redo is forgotten).
    pub fn record(&mut self, before: String) {
        if self.past.last() != Some(&before) {
            self.past.push(before);
            if self.past.len() > DEPTH {
                self.past.remove(0);
            }
        }
        self.future.clear();
    }

    /// The definition to go back to from `current`.
    pub fn undo(&mut self, current: String) -> Option<String> {
        let previous = self.past.pop()?;
        self.future.push(current);
        Some(previous)
    }

    /// The definition to go forward to from `current`.
    pub fn redo(&mut self, current: String) -> Option<String> {
        let next = self.future.pop()?;
        self.past.push(current);
        Some(next)
    }

    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undo_redo() {
        let mut h = History::default();
        assert_eq!(h.undo("a".into()), None);
        h.record("a".into());
        h.record("b".into());
        assert_eq!(h.undo("c".into()).as_deref(), Some("b"));
        assert_eq!(h.undo("b".into()).as_deref(), Some("a"));
        assert!(!h.can_undo());
        assert_eq!(h.redo("a".into()).as_deref(), Some("b"));
        h.record("b".into());
        assert!(!h.can_redo());
        assert_eq!(h.redo("x".into()), None);
    }
}
