#!/usr/bin/env bash
# Builds StepLab and serves it on http://127.0.0.1:8080 (rebuilding on change).
#   scripts/serve.sh          build and serve
#   scripts/serve.sh --dist   only write the static site to dist/ (serve it from any path, e.g. python3 -m http.server)
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup_build
cd "$ROOT"
if [ "${1:-}" = "--dist" ]; then
  say "building the static site into dist/"
  trunk build --release --offline --public-url ./
  say "dist/ is ready"
else
  say "serving on http://127.0.0.1:8080"
  trunk serve --release --offline --address 127.0.0.1 --port 8080 --public-url /
fi
