#!/usr/bin/env bash
# Run each harness for FUZZ_SECONDS (default 60), one after another, at low priority.
# Usage: fuzz/run.sh [HARNESS...]   (default: all of fuzz/fuzz_*.py)
# A finding stops that harness (libFuzzer keeps its input under var/fuzz/artifacts/NAME/) and
# the script exits non-zero after the others have run. FUZZ_COLLECT=DIR keeps going instead,
# keeping one input per distinct finding in DIR (fuzz/harness.py). Each harness's output is
# also in var/fuzz/logs/NAME.log; the last lines sum up executions and time per harness.
set -u
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
SECONDS_EACH=${FUZZ_SECONDS:-60}
OUT=${FUZZ_DIR:-var/fuzz}
"$PY" fuzz/seeds.py "$OUT/seeds"
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in fuzz/fuzz_*.py; do n=${f#fuzz/fuzz_}; names+=("${n%.py}"); done
fi
mkdir -p "$OUT/logs"
failed=()
summary=()
for name in "${names[@]}"; do
  mkdir -p "$OUT/corpus/$name" "$OUT/artifacts/$name"
  echo "== fuzz $name for ${SECONDS_EACH}s (corpus $OUT/corpus/$name)"
  dict=()
  [ -f "fuzz/dicts/$name.dict" ] && dict=("-dict=fuzz/dicts/$name.dict")
  nice -n 10 "$PY" "fuzz/fuzz_$name.py" "$OUT/corpus/$name" "$OUT/seeds/$name" \
      -max_total_time="$SECONDS_EACH" -max_len=16384 -timeout=20 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$OUT/artifacts/$name/" "${dict[@]}" \
      ${FUZZ_ARGS:-} 2>&1 | grep --line-buffered -v '^INFO: Instrumenting' \
      | tee "$OUT/logs/$name.log"
  status=${PIPESTATUS[0]}
  [ "$status" -eq 0 ] || failed+=("$name")
  runs=$(grep -ao 'number_of_executed_units: [0-9]*' "$OUT/logs/$name.log" | tail -1 | grep -o '[0-9]*$')
  took=$(grep -ao 'Done [0-9]* runs in [0-9]* second' "$OUT/logs/$name.log" | tail -1 | grep -o '[0-9]* second' | grep -o '[0-9]*')
  found=$(grep -ac '^FINDING ' "$OUT/logs/$name.log")
  [ "$found" -eq 0 ] || [ "$status" -ne 0 ] || failed+=("$name")
  summary+=("fuzz $name: ${runs:-?} executions in ${took:-?} s, $(ls "$OUT/corpus/$name" | wc -l) corpus inputs, ${found} finding(s) collected, exit $status")
done
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in ${failed[*]}; inputs under $OUT/artifacts/" >&2
  exit 1
fi
echo "fuzz: no findings in ${names[*]} (${SECONDS_EACH}s each)"
