#!/usr/bin/env bash
# Prints the figures StepLab reports: the built site's size (raw, gzip, brotli; .wasm files apart)
# and the CLI's run time of the reference lab. Page-load and Python start-up figures are printed by
# the end-to-end test (tests/e2e, line "figures: …"). Run after `scripts/serve.sh --dist` (or set DIST).
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
command -v brotli >/dev/null || as_root apt-get install -y -q brotli
printf '%-40s %12s %12s %12s\n' file raw gzip-9 brotli-11
total_raw=0; total_gz=0; total_br=0
for f in "${DIST:-dist}"/*; do  # DIST=target/x-dist measures another build
  [ -f "$f" ] || continue
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c); br=$(brotli -q 11 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
  printf '%-40s %12d %12d %12d\n' "$(basename "$f")" "$raw" "$gz" "$br"
done
printf "%-40s %12d %12d %12d\n" total "$total_raw" "$total_gz" "$total_br"

# the dev profile optimises all dependencies (RustPython) at opt-level 3, and shares the test build
cargo build -q -p steplab-cli
lab=tests/data/lab
for i in 1 2 3 4 5; do
  /usr/bin/time -f "steplab run (lab): %e s wall, %M KB max RSS" target/debug/steplab run $lab/simple_lab.asl.json \
    --input '{}' --function HelloStepFunction=$lab/hello_step_function.py > /dev/null
done
