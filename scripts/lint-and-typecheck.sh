#!/usr/bin/env bash
# ESLint and tsc side by side: each is a single-threaded process, so on a
# two-core machine the pair takes about as long as the slower one instead of
# the sum. Each one's output is printed whole once both are done.
set -uo pipefail
cd "$(dirname "$0")/.."

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
npm run --silent lint >"$out/lint" 2>&1 &
lint=$!
npm run --silent typecheck >"$out/typecheck" 2>&1 &
typecheck=$!
wait "$lint"; lint_status=$?
wait "$typecheck"; typecheck_status=$?

echo "> eslint . (exit $lint_status)"; cat "$out/lint"
echo "> tsc -p . --noEmit (exit $typecheck_status)"; cat "$out/typecheck"
[ "$lint_status" -eq 0 ] && [ "$typecheck_status" -eq 0 ]
