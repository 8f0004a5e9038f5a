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
cargo clippy -p steplab-web -p steplab-worker -p steplab-wasm -p steplab-execution-worker --target wasm32-unknown-unknown -- -D warnings

say "native tests"
cargo test --workspace

say "Export templates validated by cfn-lint (written by the native tests)"
bash scripts/cfn-lint.sh

say "wasm tests in headless Chromium"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
cargo test --release --target wasm32-unknown-unknown -p steplab-lambda -p steplab-runner
# the console's components and its IndexedDB store, in the browser
cargo test --target wasm32-unknown-unknown -p steplab-web
# the JavaScript API's tests reuse those release wasm32 builds (same features)
wasm-pack test --headless --chrome --release crates/steplab-wasm --test browser --test user_crate

say "building the site"
trunk build --release --offline --public-url ./

say "steplab-wasm packages (wasm-pack) and the README's Node example"
# after the site: the library builds reuse the worker's release wasm32 dependencies
wasm-pack build --release --target web --out-dir ../../target/wasmapi/web crates/steplab-wasm
wasm-pack build --release --target nodejs --out-dir ../../target/wasmapi/nodejs crates/steplab-wasm
node --test crates/steplab-wasm/tests/node/

say "end-to-end test (Playwright, headless Chromium)"
(cd tests/e2e && node --test)
