//! The standard-library modules kept as source (the `[source]` part of `stdlib.txt`, stored by
//! `build.rs`): the bootstrap's `_StdlibSourceFinder` compiles one when it is first imported.
//! Their source, stripped of docstrings and comments, compresses to less than their bytecode.

use std::collections::HashMap;
use std::sync::OnceLock;

use rustpython_vm::{PyObjectRef, VirtualMachine};

/// `name NUL package NUL source NUL` per module.
static SOURCES: &str = include_str!(concat!(env!("OUT_DIR"), "/stdlib-source.txt"));

/// A module's source and whether it is a package.
pub(crate) fn find(name: &str) -> Option<(&'static str, bool)> {
    static INDEX: OnceLock<HashMap<&'static str, (&'static str, bool)>> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            let mut fields = SOURCES.split('\0');
            let mut index = HashMap::new();
            while let (Some(name), Some(package), Some(source)) =
                (fields.next(), fields.next(), fields.next())
            {
                index.insert(name, (source, package == "1"));
            }
            index
        })
        .get(name)
        .copied()
}

/// `_steplab_host.stdlib_source(name)`: `(source, is_package)`, or `None` for a module not kept
/// as source.
pub(crate) fn host_stdlib_source(name: String, vm: &VirtualMachine) -> PyObjectRef {
    match find(&name) {
        Some((source, package)) => vm
            .ctx
            .new_tuple(vec![vm.ctx.new_str(source).into(), vm.ctx.new_bool(package).into()])
            .into(),
        None => vm.ctx.none(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn modules_kept_as_source_are_found() {
        let (source, package) = super::find("email").expect("email is kept as source");
        assert!(package);
        assert!(source.contains("def message_from_string"));
        assert!(
            !source.contains("\"\"\"Parse a string into a Message object model."),
            "docstrings are taken out"
        );
        let (source, package) = super::find("email.utils").expect("email.utils is kept as source");
        assert!(!package);
        assert!(
            source.lines().all(|line| !line.trim_start().starts_with('#')),
            "comments are taken out"
        );
        assert!(super::find("json").is_none(), "json is compiled ahead");
        assert!(super::find("no_such_module").is_none());
    }
}
