//! Freezes the part of RustPython's standard library listed in `stdlib.txt` into `OUT_DIR`.
//!
//! `rustpython_pylib::FROZEN_STDLIB` holds all 718 modules (about 7.9 MB of compressed bytecode,
//! the largest part of the wasm); the runtime embeds only the modules handlers use.
//!
//! Each module's bytecode is stored uncompressed: RustPython LZ4-compresses frozen code, which the
//! site's Brotli cannot compress any further (2.19 MB Brotli for the old list), while the plain
//! bytecode compresses far better (1.52 MB for the same modules) and needs no decompression at
//! import time. The format stays RustPython's: an LZ4 block made of one literal run.
//!
//! It also compiles the runtime's SDK (`sdk/`: StepLab's `boto3` and `botocore`) into `sdk.frozen`,
//! stored the same way (`py_freeze!` would store it LZ4-compressed: 60 KB of Brotli instead of 43).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rustpython_compiler_core::frozen::{FrozenCodeObject, FrozenLib, FrozenModule};

fn main() {
    println!("cargo::rerun-if-changed=stdlib.txt");
    // `py_freeze!(dir = "python")` reads the runtime's Python, which rustc does not track: a build
    // script that reruns when it changes makes cargo rebuild the crate
    println!("cargo::rerun-if-changed=python");
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
    let stored: Vec<(&str, Vec<u8>, bool)> = modules
        .iter()
        .map(|(name, module)| (*name, uncompressed(module.code.bytes), module.package))
        .collect();
    let lib = FrozenLib::encode(stored.iter().map(|(name, bytes, package)| {
        (
            *name,
            FrozenModule { code: FrozenCodeObject { bytes: bytes.as_slice() }, package: *package },
        )
    }));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("stdlib.frozen"), lib.bytes).expect("OUT_DIR is writable");
    freeze_sdk(&out);
}

/// Compiles every module under `sdk/` (a directory is a package, `__init__.py` its code), named and
/// with `co_filename` as `py_freeze!` names them (`botocore.client`), into `OUT_DIR/sdk.frozen`.
fn freeze_sdk(out: &Path) {
    println!("cargo::rerun-if-changed=sdk");
    let mut modules = Vec::new();
    collect_sdk(Path::new("sdk"), "", &mut modules);
    modules.sort();
    let lib = FrozenLib::encode(modules.iter().map(|(name, bytes, package)| {
        (
            name.as_str(),
            FrozenModule { code: FrozenCodeObject { bytes: bytes.as_slice() }, package: *package },
        )
    }));
    std::fs::write(out.join("sdk.frozen"), lib.bytes).expect("OUT_DIR is writable");
}

fn collect_sdk(dir: &Path, parent: &str, modules: &mut Vec<(String, Vec<u8>, bool)>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("sdk/ is readable")
        .map(|entry| entry.expect("sdk/ is readable").path())
        .collect();
    entries.sort();
    let join =
        |name: &str| if parent.is_empty() { name.to_owned() } else { format!("{parent}.{name}") };
    for path in entries {
        let Some(file_name) = path.file_name().and_then(|n| n.to_str()) else { continue };
        if path.is_dir() {
            collect_sdk(&path, &join(file_name), modules);
            continue;
        }
        let Some(stem) = file_name.strip_suffix(".py") else { continue };
        let package = stem == "__init__";
        let name = if package { parent.to_owned() } else { join(stem) };
        let source = std::fs::read_to_string(&path).expect("sdk/ is readable");
        let code = rustpython_compiler::compile(
            &source,
            rustpython_compiler::Mode::Exec,
            &name,
            rustpython_compiler::CompileOpts::default(),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let frozen = FrozenCodeObject::encode(&code);
        modules.push((name, uncompressed(&frozen.bytes), package));
    }
}

/// The same bytecode as an LZ4 block (size prepended, as `lz4_flex::decompress_size_prepended`
/// reads it) made of a single literal run: a valid block that is the bytecode itself.
fn uncompressed(lz4: &[u8]) -> Vec<u8> {
    let code = lz4_flex::decompress_size_prepended(lz4).expect("RustPython's frozen code is LZ4");
    let mut block = Vec::with_capacity(code.len() + code.len() / 255 + 16);
    block.extend_from_slice(&u32::try_from(code.len()).expect("a module is < 4 GB").to_le_bytes());
    // token: literal length 15 (then extension bytes), match length 0 (no match follows)
    block.push(0xF0);
    let mut rest = code.len().saturating_sub(15);
    if code.len() >= 15 {
        while rest >= 255 {
            block.push(255);
            rest -= 255;
        }
        block.push(u8::try_from(rest).expect("rest < 255"));
    } else {
        block[4] = u8::try_from(code.len() << 4).expect("short literal run");
    }
    block.extend_from_slice(&code);
    let check = lz4_flex::decompress_size_prepended(&block).expect("a literal-only block decodes");
    assert!(check == code, "the literal-only block round-trips");
    block
}
