# Installs what building and testing StepLab needs, when it is missing; does nothing when it is there.
# Sourced by scripts/serve.sh and scripts/test.sh. Only package registries and rustup's server are used.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLCHAIN="$(sed -n 's/^channel = "\(.*\)"/\1/p' "$ROOT/rust-toolchain.toml")"
TRUNK_VERSION=0.21.14
WASM_PACK_VERSION=0.15.1
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-$(nproc)}"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

setup_rust() {
  if ! command -v rustup >/dev/null; then
    say "installing rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --default-toolchain none
  fi
  if ! rustup run "$TOOLCHAIN" rustc --version >/dev/null 2>&1 ||
     ! rustup target list --installed --toolchain "$TOOLCHAIN" | grep -qx wasm32-unknown-unknown ||
     ! rustup component list --installed --toolchain "$TOOLCHAIN" | grep -q '^clippy'; then
    say "installing Rust $TOOLCHAIN with wasm32-unknown-unknown"
    rustup toolchain install "$TOOLCHAIN" --profile minimal --component rustfmt,clippy --target wasm32-unknown-unknown
  fi
}

# wasm-bindgen's CLI must be exactly the version of the wasm-bindgen crate in Cargo.lock
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

setup_wasm_bindgen() {
  local want; want="$(wasm_bindgen_version)"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ] ||
     ! command -v wasm-bindgen-test-runner >/dev/null; then
    say "installing wasm-bindgen-cli $want"
    # not --locked: its lock names a crate version the registry does not have
    cargo +"$TOOLCHAIN" install wasm-bindgen-cli --version "$want" --force
  fi
}

setup_trunk() {
  if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION"
    cargo +"$TOOLCHAIN" install trunk --version "$TRUNK_VERSION" --locked --force
  fi
}

# wasm-pack builds and tests crates/steplab-wasm; it uses the wasm-bindgen above from PATH and downloads nothing
setup_wasm_pack() {
  if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$WASM_PACK_VERSION" ]; then
    say "installing wasm-pack $WASM_PACK_VERSION"
    cargo +"$TOOLCHAIN" install wasm-pack --version "$WASM_PACK_VERSION" --locked --force
  fi
}

setup_chromium() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Debian's chromium and chromium-driver"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
  fi
}

setup_node_packages() {
  if ! command -v node >/dev/null; then
    say "installing node and npm"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm
  fi
  if [ ! -d "$ROOT/tests/e2e/node_modules/playwright-core" ] ||
     [ "$ROOT/tests/e2e/package-lock.json" -nt "$ROOT/tests/e2e/node_modules/.package-lock.json" ]; then
    say "installing the end-to-end test's npm packages"
    (cd "$ROOT/tests/e2e" && npm ci --no-audit --no-fund)
  fi
}

# cfn-lint (PyPI) in a virtual environment under target/, for scripts/cfn-lint.sh
CFN_LINT_VERSION=1.58.0
CFN_LINT="$ROOT/target/cfn-lint/bin/cfn-lint"
setup_cfn_lint() {
  if [ "$("$CFN_LINT" --version 2>/dev/null | awk '{print $2}')" != "$CFN_LINT_VERSION" ]; then
    if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
      say "installing Debian's python3-venv"
      as_root apt-get update -q
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv
    fi
    say "installing cfn-lint $CFN_LINT_VERSION"
    python3 -m venv "$ROOT/target/cfn-lint"
    "$ROOT/target/cfn-lint/bin/pip" install -q --disable-pip-version-check "cfn-lint==$CFN_LINT_VERSION"
  fi
}

setup_build() { setup_rust; setup_wasm_bindgen; setup_trunk; }
setup_test() { setup_build; setup_wasm_pack; setup_chromium; setup_node_packages; }
