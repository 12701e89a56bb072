#!/usr/bin/env bash
# Regenerates the reports gallery: the Binh Luc 2023 example as of 2023-Q2
# and as of year end, in every format, the human ones in English and
# Vietnamese.
#
#     bash reports/generate.sh            # rewrites reports/binh-luc-2023/
#     bash reports/generate.sh OUT_DIR    # writes elsewhere (the tests do)
#
# RESOLUTE names the binary to use; by default it is built with cargo.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-reports/binh-luc-2023}
mkdir -p "$out"
if [ -z "${RESOLUTE:-}" ]; then
  cargo build --release --quiet
  RESOLUTE=target/release/resolute
fi
# A fixed generation time keeps the gallery byte-for-byte reproducible.
export SOURCE_DATE_EPOCH=1704067200

for as_of in 2023-Q2 2023-Q4; do
  for lang in en vi; do
    args=(check rules/binh-luc-2023.rules examples/binh-luc-2023 --as-of "$as_of" --lang "$lang")
    for pair in text:txt markdown:md html:html github:github; do
      args+=(--report "${pair%%:*}=$out/as-of-$as_of.$lang.${pair#*:}")
    done
    # Machine formats do not depend on the language: write them once.
    if [ "$lang" = en ]; then
      for pair in json:json junit:junit.xml sarif:sarif; do
        args+=(--report "${pair%%:*}=$out/as-of-$as_of.${pair#*:}")
      done
    fi
    # Exit code 1 only says that targets were missed.
    "$RESOLUTE" "${args[@]}" >/dev/null || [ $? -eq 1 ]
  done
done

# How a verdict was reached, step by step, in both languages: a flow on
# track mid-year, a target grown from 2022, a task over named communes.
for lang in en vi; do
  for rule in A2.new-jobs:2023-Q3 A2.exports-growth:2023-Q4 A3.combat-drills:2023-Q4; do
    "$RESOLUTE" explain "${rule%%:*}" rules/binh-luc-2023.rules examples/binh-luc-2023 \
      --as-of "${rule#*:}" --lang "$lang" >"$out/explain-${rule%%:*}.$lang.txt"
  done
done
