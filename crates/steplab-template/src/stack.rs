//! [`Stack`]: the template being imported, as the intrinsic functions see it.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::options::Options;

/// How deep references may chain (a name given by `!Sub` naming another resource, conditions
/// naming conditions) before the chain is taken for a cycle.
pub(crate) const MAX_CHAIN: usize = 16;

/// The template's parts the intrinsic functions read.
pub(crate) struct Stack<'a> {
    pub(crate) options: &'a Options,
    /// The parameters' declarations (`Type`, `Default`, …).
    pub(crate) parameters: Map<String, Value>,
    pub(crate) mappings: Map<String, Value>,
    pub(crate) conditions: Map<String, Value>,
    /// The resources, SAM's `Globals` merged into them.
    pub(crate) resources: Map<String, Value>,
    /// The conditions evaluated so far.
    pub(crate) evaluated: RefCell<BTreeMap<String, bool>>,
    /// How many references are being followed now (see [`MAX_CHAIN`]).
    pub(crate) chain: Cell<usize>,
}

impl Stack<'_> {
    /// A resource's type (`AWS::SQS::Queue`), when the template has that resource.
    pub(crate) fn resource_type(&self, logical_id: &str) -> Option<&str> {
        self.resources.get(logical_id)?.get("Type")?.as_str()
    }

    /// A resource's `Properties` (an empty object when it has none).
    pub(crate) fn properties(&self, logical_id: &str) -> &Value {
        static EMPTY: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
        self.resources
            .get(logical_id)
            .and_then(|r| r.get("Properties"))
            .unwrap_or_else(|| EMPTY.get_or_init(|| Value::Object(Map::new())))
    }

    /// Runs `f` one step deeper in a chain of references, or fails when the chain is too long.
    pub(crate) fn deeper<T>(
        &self,
        what: &str,
        f: impl FnOnce() -> Result<T, String>,
    ) -> Result<T, String> {
        let depth = self.chain.get();
        if depth >= MAX_CHAIN {
            return Err(format!("{what}: references chain more than {MAX_CHAIN} deep (a cycle?)"));
        }
        self.chain.set(depth + 1);
        let result = f();
        self.chain.set(depth);
        result
    }
}
