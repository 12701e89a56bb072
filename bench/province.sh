#!/usr/bin/env bash
# The province workload: generate it, check resolute's counts against the
# generator's exact ones, and time the whole CLI against merely parsing the
# same CSV with the csv crate. Prints medians, the ratio, and peak RSS.
#
#     bash bench/province.sh [ENTITIES] [RUNS]      # default 10000 entities, 10 runs
#
# Uses hyperfine when installed (Debian package `hyperfine`), else a loop.
# The generator (bench/gen.py, standard library only) writes to
# target/province-N/, which git ignores.
set -euo pipefail
cd "$(dirname "$0")/.."
entities=${1:-10000}
runs=${2:-10}
gen=bench/gen.py
dir=target/province-$entities
resolute=target/release/resolute
floor=target/release/examples/csv_floor

cargo build --release --quiet --bin resolute --example csv_floor
if [ ! -f "$dir/data.csv" ]; then
  python3 "$gen" --entities "$entities" --out "$dir" >/dev/null
fi
python3 bench/rules_from_txt.py "$dir" >"$dir/province.rules"
rows=$(($(wc -l <"$dir/data.csv") - 1))
echo "workload: $entities entities, $rows rows, $(du -m "$dir/data.csv" | cut -f1) MB"

# Exactness: every check's pass and fail counts equal the generator's.
"$resolute" check "$dir/province.rules" "$dir/data.csv" --format json --summary-only >"$dir/summary.json" || [ $? -eq 1 ]
python3 - "$dir" <<'PY'
import csv, json, sys
d = sys.argv[1]
got = {r["id"]: (r["pass"], r["fail"]) for r in json.load(open(f"{d}/summary.json"))["by_rule"]}
want = {r["check_id"]: (int(r["pass"]), int(r["fail"])) for r in csv.DictReader(open(f"{d}/expected.csv"))}
wrong = {k: (got.get(k), v) for k, v in want.items() if got.get(k) != v}
if wrong or set(got) != set(want):
    sys.exit(f"counts differ from expected.csv: {wrong}")
print(f"exact: all {len(want)} checks match expected.csv")
PY

# What a user runs: the default text report, per-rule summary and findings.
check=("$resolute" check "$dir/province.rules" "$dir/data.csv")
parse=("$floor" "$dir/data.csv")
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 2 --runs "$runs" -N -i --export-json "$dir/times.json" \
    --command-name "resolute check" "${check[*]}" \
    --command-name "csv crate parse" "${parse[*]}" >/dev/null
  read -r check_s parse_s < <(python3 -c "
import json; r = json.load(open('$dir/times.json'))['results']
print(r[0]['median'], r[1]['median'])")
else
  time_one() { local s e; s=$(date +%s%N); "$@" >/dev/null || true; e=$(date +%s%N); awk -v s="$s" -v e="$e" 'BEGIN { printf "%.4f\n", (e - s) / 1e9 }'; }
  "${check[@]}" >/dev/null || true
  check_s=$(for _ in $(seq "$runs"); do time_one "${check[@]}"; done | median)
  parse_s=$(for _ in $(seq "$runs"); do time_one "${parse[@]}"; done | median)
fi
rss=unknown
if [ -x /usr/bin/time ]; then
  rss_kb=$( { /usr/bin/time -f "%M" "${check[@]}" >/dev/null; } 2>&1 | tail -n 1 || true)
  rss="$((rss_kb / 1024)) MiB"
fi
printf 'resolute check   median %.3f s, peak RSS %s\n' "$check_s" "$rss"
printf 'csv crate parse  median %.3f s\n' "$parse_s"
printf 'ratio            %.2fx the parse floor\n' "$(awk -v c="$check_s" -v p="$parse_s" 'BEGIN { print c / p }')"
