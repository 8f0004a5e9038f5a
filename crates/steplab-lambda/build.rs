//! Freezes the part of RustPython's standard library listed in `stdlib.txt` into `OUT_DIR`.
//!
//! `rustpython_pylib::FROZEN_STDLIB` holds all 718 modules (about 7.9 MB of compressed bytecode,
//! the largest part of the wasm); the runtime embeds only the modules handlers use.

use std::collections::BTreeSet;
use std::path::PathBuf;

use rustpython_compiler_core::frozen::FrozenLib;

fn main() {
    println!("cargo::rerun-if-changed=stdlib.txt");
    let list = std::fs::read_to_string("stdlib.txt").expect("stdlib.txt is readable");
    let wanted: BTreeSet<&str> = list
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect();
    let modules: Vec<_> = rustpython_pylib::FROZEN_STDLIB
        .into_iter()
        .filter(|(name, _)| wanted.contains(name))
        .collect();
    let found: BTreeSet<&str> = modules.iter().map(|(name, _)| *name).collect();
    let missing: Vec<&&str> = wanted.difference(&found).collect();
    assert!(
        missing.is_empty(),
        "stdlib.txt lists modules RustPython's Lib does not have: {missing:?}"
    );
    let lib = FrozenLib::encode(modules.iter().copied());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("stdlib.frozen"), lib.bytes).expect("OUT_DIR is writable");
}
