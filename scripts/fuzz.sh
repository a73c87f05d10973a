#!/usr/bin/env bash
# Runs every fuzz target of fuzz/ (libFuzzer, through libfuzzer-sys) for a set time each,
# one after the other on one core, and prints a table: target, executions, exec/s, crashes.
#
#   scripts/fuzz.sh SECONDS [TARGET...]   every target (or those named) for SECONDS each
#   scripts/fuzz.sh --runs N [TARGET...]  every target (or those named) until N executions
#                                         (the documented campaign: --runs 10000000)
#   scripts/fuzz.sh --ci                  every target for 10 s: the short run CI calls
#   scripts/fuzz.sh --build               build only
#   scripts/fuzz.sh --list                the targets
#
# env: FUZZ_SANITIZER=address   build with AddressSanitizer (slower; the default is
#                               none: the crates' little unsafe code is in the batch
#                               readers, which the targets check against the safe calls)
#      FUZZ_ARGS="..."          more libFuzzer flags (e.g. -seed=1)
#
# The targets are built the way cargo-fuzz builds them, without cargo-fuzz: the stable
# toolchain with RUSTC_BOOTSTRAP=1, LLVM's sanitizer-coverage passes, `--cfg fuzzing`, in
# release mode with debug assertions and overflow checks (fuzz/Cargo.toml), with compare
# tracing except for the targets in NO_TRACE_CMP below. fuzz/ is a workspace of its own,
# outside the root one's builds.
#
# Corpora: fuzz/corpus/TARGET holds the committed seeds (read, never written); what a run
# finds is kept in fuzz/target/corpus/TARGET (not committed) and read by the next run. A
# crash is written to fuzz/artifacts/TARGET/ and the script exits 1 after the table;
# reproduce one with  fuzz/target/x86_64-unknown-linux-gnu/release/TARGET FILE  (the targets
# built without compare tracing: fuzz/target/untraced/x86_64-...)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FUZZ="$ROOT/fuzz"
TRIPLE=x86_64-unknown-linux-gnu
TARGETS=(normalize lookup date cli_rows claim_fields claim_json claim_table batch_columns
  hcpcs_text hcpcs_xlsx cpt_file search search_query release_order groupers gem_file)

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

seconds=""
runs_wanted=""
build_only=0
case "${1:-}" in
  --ci) seconds=10; shift ;;
  --runs)
    [[ "${2:-}" =~ ^[0-9]+$ ]] || usage
    runs_wanted=$2; shift 2 ;;
  --build) build_only=1; shift ;;
  --list) printf '%s\n' "${TARGETS[@]}"; exit 0 ;;
  '' | -h | --help) usage ;;
  *) [[ "$1" =~ ^[0-9]+$ ]] || usage; seconds=$1; shift ;;
esac
selected=("${TARGETS[@]}")
if [ $# -gt 0 ]; then
  for t in "$@"; do
    printf '%s\n' "${TARGETS[@]}" | grep -qx "$t" || { echo "fuzz.sh: no target $t (--list)" >&2; exit 2; }
  done
  selected=("$@")
fi

# ------------------------------------------------------------------ build
flags=(
  -Cpasses=sancov-module
  -Cllvm-args=-sanitizer-coverage-level=4
  -Cllvm-args=-sanitizer-coverage-inline-8bit-counters
  -Cllvm-args=-sanitizer-coverage-pc-table
  --cfg fuzzing
  -Cforce-frame-pointers
)
# Compare tracing (libFuzzer learns the values an input is compared with) for every target
# but these. Each input of the search targets ranks some 100,000 titles, where the tracing
# hooks took about 60% of the time; without them, 25 s from the seeds reached the same
# coverage (5,930 edges against 5,902) in three times the executions. batch_columns checks
# every row of its columns against the single calls (the hooks: 55% of a profile); without
# them, 25 s reached more coverage (7,581 edges against 7,390) in 1.75 times the executions.
# The code parsers it calls are fuzzed with compare tracing by normalize and lookup.
NO_TRACE_CMP=(search search_query batch_columns)
target_dir="$FUZZ/target"
if [ -n "${FUZZ_SANITIZER:-}" ]; then
  flags+=("-Zsanitizer=$FUZZ_SANITIZER")
  target_dir="$FUZZ/target/$FUZZ_SANITIZER"
fi
traced() { ! printf '%s\n' "${NO_TRACE_CMP[@]}" | grep -qx "$1"; }
# The folder of a target's binary.
bin_dir() {
  if traced "$1"; then echo "$target_dir/$TRIPLE/release"; else echo "$target_dir/untraced/$TRIPLE/release"; fi
}
build() { # DIR FLAGS BIN...
  local dir=$1 rustflags=$2
  shift 2
  [ $# -gt 0 ] || return 0
  # --target: the flags reach the targets' code only, not build scripts and proc macros.
  # Not --locked: fuzz/Cargo.lock follows the core's dependencies when they change.
  RUSTC_BOOTSTRAP=1 RUSTFLAGS="$rustflags" CARGO_TARGET_DIR="$dir" \
    cargo build --quiet --release --manifest-path "$FUZZ/Cargo.toml" --target "$TRIPLE" "$@"
}
with=()
without=()
for t in "${selected[@]}"; do
  if traced "$t"; then with+=(--bin "$t"); else without+=(--bin "$t"); fi
done
echo "fuzz.sh: building ${#selected[@]} targets${FUZZ_SANITIZER:+ with $FUZZ_SANITIZER sanitizer}" >&2
build "$target_dir" "${flags[*]} -Cllvm-args=-sanitizer-coverage-trace-compares" "${with[@]}"
build "$target_dir/untraced" "${flags[*]}" "${without[@]}"
[ "$build_only" = 1 ] && exit 0

# ------------------------------------------------------------------ run
logs="$FUZZ/target/logs"
mkdir -p "$logs"
rows=()
failed=0
for t in "${selected[@]}"; do
  work="$FUZZ/target/corpus/$t"
  seeds="$FUZZ/corpus/$t"
  artifacts="$FUZZ/artifacts/$t"
  mkdir -p "$work" "$seeds" "$artifacts"
  before=$(find "$artifacts" -type f | wc -l)
  log="$logs/$t.log"
  if [ -n "$runs_wanted" ]; then
    limit=(-runs="$runs_wanted")
    echo "fuzz.sh: $t for $runs_wanted executions (log: ${log#"$ROOT"/})" >&2
  else
    limit=(-max_total_time="$seconds")
    echo "fuzz.sh: $t for ${seconds} s (log: ${log#"$ROOT"/})" >&2
  fi
  started=$(date +%s)
  status=0
  # One process (no -jobs/-fork): the machine is shared. New inputs go to the first
  # corpus folder (the working one), the seeds are read only.
  # shellcheck disable=SC2086
  "$(bin_dir "$t")/$t" "$work" "$seeds" \
    "${limit[@]}" -print_final_stats=1 -timeout=20 -rss_limit_mb=2048 \
    -artifact_prefix="$artifacts/" ${FUZZ_ARGS:-} >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)
  took=$(($(date +%s) - started))
  crashes=$(($(find "$artifacts" -type f | wc -l) - before))
  if [ "$status" != 0 ] || [ "$crashes" != 0 ]; then
    failed=1
    [ "$crashes" = 0 ] && crashes="exit $status"
    echo "fuzz.sh: $t FAILED; the end of its log:" >&2
    tail -n 40 "$log" >&2
  fi
  rows+=("$(printf '%-14s %14s %10s %8s %8s' "$t" "${runs:-?}" "${speed:-?}" "$took" "$crashes")")
done

printf '%-14s %14s %10s %8s %8s\n' target executions exec/s seconds crashes
printf '%s\n' "${rows[@]}"
exit "$failed"
