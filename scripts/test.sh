#!/usr/bin/env bash
# Runs every test: formatting and lints, native tests, wasm tests in headless Chromium,
# and the end-to-end browser test of the reference lab.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup_test
cd "$ROOT"

say "cargo fmt --check"
cargo fmt --all -- --check

say "cargo clippy (native and wasm32)"
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p steplab-web -p steplab-worker --target wasm32-unknown-unknown -- -D warnings

say "native tests"
cargo test --workspace

say "Export templates validated by cfn-lint (written by the native tests)"
bash scripts/cfn-lint.sh

say "wasm tests in headless Chromium"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
cargo test --release --target wasm32-unknown-unknown -p steplab-lambda -p steplab-runner

say "building the site"
trunk build --release --offline --public-url ./

say "end-to-end test (Playwright, headless Chromium)"
(cd tests/e2e && node --test)
