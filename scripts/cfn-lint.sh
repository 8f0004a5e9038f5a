#!/usr/bin/env bash
# Validates the templates Export writes (AWS SAM and CloudFormation, for the reference lab and a
# bigger state machine) with cfn-lint from PyPI. The templates are written to target/export-templates/
# by the native test `export::template::tests::writes_templates_for_cfn_lint` (part of `cargo test`);
# that test is run first when they are missing.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup_cfn_lint
cd "$ROOT"
templates="$ROOT/target/export-templates"
if ! compgen -G "$templates/*.json" >/dev/null; then
  cargo test -q -p steplab-web --bins writes_templates_for_cfn_lint
fi
"$CFN_LINT" --version
"$CFN_LINT" "$templates"/*.json
echo "cfn-lint: $(ls "$templates"/*.json | wc -l) templates valid"
