#!/usr/bin/env bash
# Whole-process times of every command and format on the bundled example, as ratios of medians to
# a bare `python3 -S -c pass` start measured in the same run (hyperfine, Debian's package).
# Usage: cargo build --release && bash benches/ratios.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
bin=target/release/itsm-assess
example=questionnaires/examples/northwind
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
commands=(
  "python3 -S -c pass"
  "$bin score $example --format json"
  "$bin report $example --format html -o $out/r.html --force"
  "$bin report $example --format md -o $out/r.md --force"
  "$bin report $example --format json -o $out/r.json --force"
  "$bin report $example --format csv -o $out/r.csv --force"
  "$bin report $example --format pdf -o $out/r.pdf --force"
  "$bin report $example --format pdf --profile board -o $out/b.pdf --force"
  "$bin readiness $example --format table"
  "$bin readiness $example --format md"
  "$bin readiness $example --format json"
  "$bin readiness $example --format csv"
  "$bin readiness $example --format html -o $out/x.html --force"
  "$bin readiness $example --format pdf -o $out/x.pdf --force"
)
hyperfine -N -w 3 -r "$runs" --export-json "$out/times.json" "${commands[@]}" > /dev/null
python3 - "$out/times.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
base = results[0]["median"]
print(f"python3 -S -c pass: {base * 1000:.1f} ms (median)")
for r in results[1:]:
    name = r["command"].split("itsm-assess ", 1)[1].split(" -o ")[0].replace("questionnaires/examples/northwind ", "")
    print(f"{r['median'] / base:5.2f}  {r['median'] * 1000:7.1f} ms  {name}")
PY
