#!/usr/bin/env bash
# Issue 14's comparison, to run on a quiet machine: stancegraph's BUILD and OPEN,
# DuckDB's BUILD (../shared/bench/peer_duckdb.py) and the std-only floor
# (benches/floor.rs), alternately, RUNS rounds, every run printed with its peak RSS.
#
#   bash benches/compare.sh [DIR] [RUNS]      # DIR: a large workload (default /work/data/large)
#
# Generates DIR first if it has no statements.csv (`--generate large`). Needs
# `pip install duckdb` for the DuckDB rows; GNU time (/usr/bin/time) for peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-/work/data/large}"
runs="${2:-5}"
peer="${PEER_DUCKDB:-../shared/bench/peer_duckdb.py}"

cargo build --quiet --release --example workload
cargo bench --quiet --no-run --bench floor 2>/dev/null
floor="$(ls -t target/release/deps/floor-* | grep -v '\.d$' | head -1)"
workload=target/release/examples/workload
[ -f "$dir/statements.csv" ] || "$workload" --generate large "$dir"
snapshot="$(mktemp -d)/large.sgs"
"$workload" "$dir" --snapshot "$snapshot" >/dev/null

measure() { # label command...: prints "label line(s) rss_mb"
  local label="$1"; shift
  local out rss
  out="$( { /usr/bin/time -f 'RSS %M' "$@" 2>&1 1>&3 | grep '^RSS' ; } 3>&1 )"
  rss="$(grep '^RSS' <<<"$out" | awk '{printf "%.0f", $2/1024}')"
  grep -v '^RSS' <<<"$out" | grep -E '^(BUILD|OPEN)' | sed "s/^/$label /; s/$/  peak ${rss} MB/"
}

echo "# $(date -u +%FT%TZ) $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$runs"); do
  echo "-- round $i"
  measure stancegraph "$workload" "$dir" --build-only
  measure stancegraph "$workload" --open "$snapshot"
  if python3 -c "import duckdb" 2>/dev/null; then
    measure duckdb python3 "$peer" "$dir"
  fi
  measure floor "$floor" "$dir"
done
rm -f "$snapshot"
