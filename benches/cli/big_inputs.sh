#!/usr/bin/env bash
# The CLI over inputs far bigger than memory (issue 18): `validate` on 10 M and 100 M lines
# of codes, `claims` on about 1 GB and 10 GB of claims CSV, each streamed from a pipe
# (a chunk written once, repeated by `cat`: nothing big is stored on disk). Prints each
# run's wall time, throughput and peak resident memory (GNU time's %M): constant memory
# means the same peak for the small and the big run.
#
#   benches/cli/big_inputs.sh              all four runs (the 10 GB run takes minutes)
#   benches/cli/big_inputs.sh --quick      a tenth of each (1 M / 10 M lines, 0.1 / 1 GB)
#
# env: MEDCODES_BIN  the CLI to run (default: target/release/medcodes, built if missing)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
scale=1
[ "${1:-}" = --quick ] && scale=10
BIN=${MEDCODES_BIN:-$ROOT/target/release/medcodes}
if [ -z "${MEDCODES_BIN:-}" ]; then
  cargo build --quiet --release -p medcodes-cli --manifest-path "$ROOT/Cargo.toml"
fi
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1 M lines of codes: valid, other spellings, headers, junk, blank (as pasted extracts are).
awk 'BEGIN {
  n = split("E11.9 e119 I10 Z00.00 J45.909 S72.001A M54.50 E11 XYZ123 R69 K21.9 F32.A N39.0 Z79.4 G47.33 T36.0X1A", c, " ");
  srand(18);
  for (i = 0; i < 1000000; i++) print c[int(rand() * n) + 1];
}' > "$work/codes.txt"
# 1 M claims rows, about 100 bytes each (a 100 MB chunk).
awk 'BEGIN {
  n = split("E11.9 I10 J18.9 N39.0 K21.9 O80 Z37.0 S72.001A R69 F32.9", d, " ");
  m = split("0DTJ4ZZ 5A1955Z 02703ZZ 0SRB0J9 BW03ZZZ", p, " ");
  srand(18);
  for (i = 0; i < 1000000; i++) {
    printf "c%d,2025-03-%02d,%d,%s,%s,%s|%s,%s\n", i, 1 + i % 28, int(rand() * 90),
      (rand() < 0.5 ? "F" : "M"), d[int(rand() * n) + 1], d[int(rand() * n) + 1],
      d[int(rand() * n) + 1], p[int(rand() * m) + 1];
  }
}' > "$work/claims.body"
claims_bytes=$(( $(wc -c < "$work/claims.body") ))

# run LABEL UNIT COUNT REPEATS CHUNK COMMAND...: COMMAND reads CHUNK REPEATS times (claims
# after one header line); its exit status (1: some code invalid) is not a failure here.
run() {
  local label=$1 unit=$2 count=$3 repeats=$4 chunk=$5; shift 5
  { if [ "$chunk" = claims.body ]; then
      echo "claim_id,discharge_date,age,sex,principal,secondary,procedures"
    fi
    for _ in $(seq "$repeats"); do cat "$work/$chunk"; done
  } | /usr/bin/time -o "$work/time" -f '%e %M' "$@" > /dev/null 2> "$work/err" || true
  if [ -s "$work/err" ]; then head -3 "$work/err" >&2; fi
  read -r secs rss < <(tail -1 "$work/time")
  awk -v l="$label" -v u="$unit" -v n="$count" -v s="$secs" -v r="$rss" \
    'BEGIN { printf "| %s | %.1f s | %.2f M %s/s | %.1f MB |\n", l, s, n / s / 1e6, u, r / 1024 }'
}

echo "| run | wall | throughput | peak memory (RSS) |"
echo "|---|---:|---:|---:|"
for lines in $((10000000 / scale)) $((100000000 / scale)); do
  reps=$((lines / 1000000))
  [ "$reps" -ge 1 ] || reps=1
  run "validate, $((lines / 1000000)) M lines" lines "$lines" "$reps" codes.txt \
    "$BIN" validate --date 2025-03-01 --no-progress
done
for gb in 1 10; do
  reps=$(( gb * 1000000000 / claims_bytes / scale ))
  [ "$reps" -ge 1 ] || reps=1
  run "claims, $(awk -v b="$claims_bytes" -v r="$reps" 'BEGIN { printf "%.1f", b * r / 1e9 }') GB ($reps M rows)" \
    claims "$((reps * 1000000))" "$reps" claims.body \
    "$BIN" claims - --no-progress
done
