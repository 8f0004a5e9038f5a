//! Freezes the part of RustPython's standard library listed in `stdlib.txt` into `OUT_DIR`.
//!
//! RustPython's `Lib` has 718 modules; the runtime carries only the 158 handlers use, from their
//! source (`rustpython_pylib::LIB_PATH`). What shrinks them (Brotli sizes of the 160 modules the
//! list once had: 1.23 MB as `py_freeze!` compiles them, 0.54 MB now):
//! - no docstrings (`build/strip.rs`): `__doc__` is `None` in the standard library, as under
//!   `python -OO`, while `assert` statements stay;
//! - no column ranges (`debug_ranges: false`, as `-X no_debug_ranges`): tracebacks through the
//!   standard library keep their line numbers but cannot underline a part of the line;
//! - the modules below `[source]` in `stdlib.txt` are kept as source, without comments either
//!   (`stdlib-source.txt`, compiled when first imported: `src/stdlib_source.rs`), which compresses
//!   to less than their bytecode; those above it (what the runtime, json, boto3, logging and
//!   datetime import) are compiled here, to `stdlib.frozen`.
//!
//! Each module's bytecode is stored uncompressed: RustPython LZ4-compresses frozen code, which the
//! site's Brotli cannot compress any further, while the plain bytecode compresses far better and
//! needs no decompression at import time. The format stays RustPython's: an LZ4 block made of one
//! literal run.
//!
//! The runtime's SDK (`sdk/`: StepLab's `boto3` and `botocore`) and its own Python (`python/`: the
//! bootstrap) are compiled the same way, to `sdk.frozen` and `runtime.frozen`.

#[path = "build/strip.rs"]
mod strip;

use std::path::{Path, PathBuf};

use rustpython_compiler_core::frozen::{FrozenCodeObject, FrozenLib, FrozenModule};

fn main() {
    println!("cargo::rerun-if-changed=stdlib.txt");
    println!("cargo::rerun-if-changed=build");
    let list = std::fs::read_to_string("stdlib.txt").expect("stdlib.txt is readable");
    let (compiled, kept_as_source) =
        list.split_once("\n[source]\n").expect("stdlib.txt has a [source] line");
    let (compiled, kept_as_source) = (module_names(compiled), module_names(kept_as_source));
    let lib = Path::new(rustpython_pylib::LIB_PATH);
    println!("cargo::rerun-if-changed={}", lib.display());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let stored: Vec<(String, Vec<u8>, bool)> = compiled
        .iter()
        .map(|name| {
            let (source, package) = stdlib_source(lib, name, false);
            (name.to_string(), compile_module(name, &source), package)
        })
        .collect();
    write_frozen(&out.join("stdlib.frozen"), &stored);
    // `name NUL package NUL source NUL` per module (Python source cannot hold a NUL), read by
    // `src/stdlib_source.rs`
    let mut sources = String::new();
    for name in kept_as_source {
        let (source, package) = stdlib_source(lib, name, true);
        // compiled here too, only so that a module that would not compile fails the build
        compile_module(name, &source);
        sources.push_str(&format!("{name}\0{}\0{source}\0", u8::from(package)));
    }
    std::fs::write(out.join("stdlib-source.txt"), sources).expect("OUT_DIR is writable");
    freeze_dir("sdk", &out, "sdk.frozen");
    freeze_dir("python", &out, "runtime.frozen");
}

/// The module names of a part of `stdlib.txt`.
fn module_names(part: &str) -> Vec<&str> {
    part.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#')).collect()
}

/// The source of the standard-library module `name` in RustPython's `Lib` (`a.b` is `a/b.py`, or
/// `a/b/__init__.py` for a package), stripped (`build/strip.rs`), and whether it is a package.
fn stdlib_source(lib: &Path, name: &str, comments: bool) -> (String, bool) {
    let base = name.split('.').fold(lib.to_path_buf(), |path, part| path.join(part));
    let (path, package) = if base.join("__init__.py").is_file() {
        (base.join("__init__.py"), true)
    } else {
        (base.with_extension("py"), false)
    };
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "stdlib.txt lists {name}, which RustPython's Lib does not have ({}: {e})",
            path.display()
        )
    });
    let source =
        strip::strip(&source, comments).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (source, package)
}

/// A module's bytecode, named and with `co_filename` as `py_freeze!` names them, without column
/// ranges.
fn compile_module(name: &str, source: &str) -> Vec<u8> {
    let opts = rustpython_compiler::CompileOpts { debug_ranges: false, ..Default::default() };
    let code = rustpython_compiler::compile(source, rustpython_compiler::Mode::Exec, name, opts)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    uncompressed(&FrozenCodeObject::encode(&code).bytes)
}

/// Compiles every module under `dir` (a directory is a package, `__init__.py` its code), named and
/// with `co_filename` as `py_freeze!` names them (`botocore.client`), into `OUT_DIR/<file>`.
fn freeze_dir(dir: &str, out: &Path, file: &str) {
    println!("cargo::rerun-if-changed={dir}");
    let mut modules = Vec::new();
    collect_dir(Path::new(dir), "", &mut modules);
    modules.sort();
    write_frozen(&out.join(file), &modules);
}

/// Writes modules (name, bytecode, is a package) in RustPython's frozen-library format.
fn write_frozen(path: &Path, modules: &[(String, Vec<u8>, bool)]) {
    let lib = FrozenLib::encode(modules.iter().map(|(name, bytes, package)| {
        (
            name.as_str(),
            FrozenModule { code: FrozenCodeObject { bytes: bytes.as_slice() }, package: *package },
        )
    }));
    std::fs::write(path, lib.bytes).expect("OUT_DIR is writable");
}

fn collect_dir(dir: &Path, parent: &str, modules: &mut Vec<(String, Vec<u8>, bool)>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the frozen Python is readable")
        .map(|entry| entry.expect("the frozen Python is readable").path())
        .collect();
    entries.sort();
    let join =
        |name: &str| if parent.is_empty() { name.to_owned() } else { format!("{parent}.{name}") };
    for path in entries {
        let Some(file_name) = path.file_name().and_then(|n| n.to_str()) else { continue };
        if file_name == "__pycache__" {
            continue;
        }
        if path.is_dir() {
            collect_dir(&path, &join(file_name), modules);
            continue;
        }
        let Some(stem) = file_name.strip_suffix(".py") else { continue };
        let package = stem == "__init__";
        let name = if package { parent.to_owned() } else { join(stem) };
        let source = std::fs::read_to_string(&path).expect("the frozen Python is readable");
        let source =
            strip::strip(&source, false).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        modules.push((name.clone(), compile_module(&name, &source), package));
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
