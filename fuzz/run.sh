#!/usr/bin/env bash
# Run each harness for FUZZ_SECONDS (default 60), one after another, at low priority.
# Usage: fuzz/run.sh [HARNESS...]   (default: all of fuzz/fuzz_*.py)
# A finding stops that harness; its input is under var/fuzz/artifacts/NAME/ and the script
# exits non-zero after the others have run.
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
failed=()
for name in "${names[@]}"; do
  mkdir -p "$OUT/corpus/$name" "$OUT/artifacts/$name"
  echo "== fuzz $name for ${SECONDS_EACH}s (corpus $OUT/corpus/$name)"
  if ! nice -n 10 "$PY" "fuzz/fuzz_$name.py" "$OUT/corpus/$name" "$OUT/seeds/$name" \
      -max_total_time="$SECONDS_EACH" -max_len=16384 -timeout=20 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$OUT/artifacts/$name/" \
      $([ -f "fuzz/dicts/$name.dict" ] && echo "-dict=fuzz/dicts/$name.dict") ${FUZZ_ARGS:-}; then
    failed+=("$name")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in ${failed[*]}; inputs under $OUT/artifacts/" >&2
  exit 1
fi
echo "fuzz: no findings in ${names[*]} (${SECONDS_EACH}s each)"
