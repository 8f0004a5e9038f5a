//! unicode_names2 1.x's API, answered by unicode_names2 3.x.
//!
//! RustPython's parser (`rustpython-ruff_python_parser`, held at 0.16.5) reads `\N{NAME}` escapes
//! with unicode_names2 1.x, and `unicodedata` reads names with 3.x: each version carries its own
//! tables of every Unicode character name (0.84 MB each in the wasm, 0.3 MB each in Brotli). This
//! crate replaces 1.x (`[patch.crates-io]` in the workspace's `Cargo.toml`), so the parser and
//! `unicodedata` read the same, newer tables.
#![no_std]

/// The character a Unicode name (or name alias) stands for, matched case-insensitively.
pub fn character(search_name: &str) -> Option<char> {
    names::character(search_name)
}

/// The Unicode name of a character (`None` for one without a name).
pub fn name(c: char) -> Option<names::Name> {
    names::name(c)
}

#[cfg(test)]
mod tests {
    extern crate std;
    use std::string::ToString;

    #[test]
    fn names_and_characters_round_trip() {
        assert_eq!(super::character("LATIN SMALL LETTER A"), Some('a'));
        assert_eq!(super::character("latin small letter a"), Some('a'));
        assert_eq!(super::character("SNOWMAN"), Some('\u{2603}'));
        assert_eq!(super::character("NO SUCH NAME"), None);
        assert_eq!(super::name('\u{2603}').map(|n| n.to_string()).as_deref(), Some("SNOWMAN"));
    }
}
