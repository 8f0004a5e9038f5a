#!/usr/bin/env bash
# The benchmark in one command: builds StepLab's engine natively and for wasm32 (release), installs
# aws-local-stepfunctions@3.0.0 from bench/package-lock.json, then runs every workload on the three
# and prints transitions per second and the ratios. Arguments go to bench.mjs
# (e.g. `bash bench/run.sh --repeat 3 loop map`). A benchmark, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
# the native driver: a release build optimised for speed (the workspace's release profile is
# optimised for size, for the web app), in its own target directory
CARGO_TARGET_DIR=target/bench CARGO_PROFILE_RELEASE_OPT_LEVEL=3 \
  cargo build --release --quiet -p steplab-bench --bin steplab-bench
# the wasm module: the workspace's release profile, as the web app ships the engine
cargo build --release --quiet -p steplab-bench --lib --target wasm32-unknown-unknown
wasm-bindgen --target nodejs --out-dir target/bench/wasm \
  target/wasm32-unknown-unknown/release/steplab_bench.wasm
if [ ! -d bench/node_modules/aws-local-stepfunctions ]; then
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
fi
node bench/bench.mjs "$@"
