#!/usr/bin/env bash
# Builds the package and runs every check of bindings-wasm; exits non-zero if any fails.
#
#   1. build.sh: the full and lite modules (release, wasm-opt -Oz), dist/ and www/pkg/
#      (meanwhile, on the host toolchain: the Rust reference of the agreement test)
#   2. node --test tests-js/       the package API, bad input, exports map, TypeScript
#                                  declarations, agreement with Rust on 100,000 codes
#   3. #[wasm_bindgen_test] tests   (tests/wasm.rs, in Node via wasm-bindgen-test-runner)
#   4. node --test tests-browser/  the page in headless Chromium (screenshots in test-results/)
#
# Needs what ../scripts/setup-wasm.sh installs. Env: SKIP_BUILD=1 to test the current
# dist/ as it is; SKIP_BROWSER=1 to leave out step 4.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
cd "$HERE"
BUILD_SH_LIB=1 source "$HERE/build.sh" # wasm_cargo, TOOLS, TARGET_DIR, PATH
set +e
REFERENCE="$TARGET_DIR/reference.jsonl"
mkdir -p "$TARGET_DIR"

failed=()
t_all=$(date +%s)
step() { # step NAME cmd... : runs, times, records a failure without stopping
  local name=$1; shift; local t0; t0=$(date +%s)
  echo "=== $name"
  if "$@"; then echo "=== $name: ok ($(($(date +%s) - t0)) s)"
  else echo "=== $name: FAILED ($(($(date +%s) - t0)) s)"; failed+=("$name"); fi
}

# On the host toolchain, next to the wasm build (which leaves a core idle while it links):
# the Rust side of the agreement test.
host_side() {
  cargo run -q -p medcodes-wasm --example reference -- "$REFERENCE" 100000
}
( host_side >"$TARGET_DIR/host.log" 2>&1; echo $? >"$TARGET_DIR/host.rc" ) &
ref_pid=$!

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  step "build (full and lite)" ./build.sh
  [ ${#failed[@]} = 0 ] || { wait $ref_pid; echo "build failed"; exit 1; }
fi

wait $ref_pid
cat "$TARGET_DIR/host.log"
if [ "$(cat "$TARGET_DIR/host.rc")" != 0 ]; then
  failed+=("host: rust reference for the agreement test")
fi

step "node --test (package API, agreement)" env MEDCODES_REFERENCE="$REFERENCE" node --test tests-js/
step "wasm_bindgen_test (tests/wasm.rs)" wasm_cargo test --release -p medcodes-wasm --test wasm
[ "${SKIP_BROWSER:-0}" = 1 ] || step "chromium (tests-browser/)" node --test tests-browser/

echo "run-tests.sh: $(($(date +%s) - t_all)) s"
if [ ${#failed[@]} -gt 0 ]; then
  printf 'run-tests.sh: FAILED: %s\n' "${failed[@]}"
  exit 1
fi
echo "run-tests.sh: all passed"
