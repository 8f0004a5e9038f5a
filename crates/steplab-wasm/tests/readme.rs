//! The crate's README shows code that runs: its Rust example is `tests/user_crate.rs` verbatim
//! (the Node example is run by `tests/node/readme.test.mjs`).
#![cfg(not(target_arch = "wasm32"))]

/// The fenced code block that follows `marker` in the README.
fn block_after(readme: &str, marker: &str) -> String {
    let after = readme.split_once(marker).unwrap_or_else(|| panic!("README has {marker}")).1;
    let body = after
        .split_once("```")
        .and_then(|(_, rest)| rest.split_once('\n'))
        .expect("a code block")
        .1;
    body.split_once("\n```").expect("the block ends").0.to_owned() + "\n"
}

#[test]
fn readme_shows_the_user_crate_test() {
    let readme = include_str!("../README.md");
    assert_eq!(block_after(readme, "<!-- tests/user_crate.rs -->"), include_str!("user_crate.rs"));
}
