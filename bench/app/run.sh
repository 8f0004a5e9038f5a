#!/usr/bin/env bash
# The app benchmark in one command: builds the site (dist/) and the engine's wasm module for Node
# when missing, then runs bench/app/bench.mjs (arguments are passed on).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/setup.sh"
setup_test
cd "$ROOT"
[ -f dist/index.html ] || trunk build --release --offline --public-url ./
cargo build --release --quiet -p steplab-bench --lib --target wasm32-unknown-unknown
wasm-bindgen --target nodejs --out-dir target/bench/wasm target/wasm32-unknown-unknown/release/steplab_bench.wasm
node bench/app/bench.mjs "$@"
