#!/usr/bin/env bash
# Every CUDA-path test, check and GPU benchmark of the course, in one run of under 5 minutes.
#
#   benchmarks/device.sh            # from the repository root, on a machine with a GPU
#
# Writes device-summary.txt (into $OUT if set, else the current folder): the card's name (or
# "no CUDA device") on the first line, then one line per part with its result and time, and
# the lines that matter from its output; each part's whole log goes to device-logs/. Without
# CUDA it still runs end to end: the tests run (their CUDA cases skip, with the reason) and the
# parts that need a GPU say they were skipped for want of one. Each part has its own timeout
# (seconds below), so that the whole stays under 5 minutes.
set -u
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
[ -x "$PY" ] || PY=python3
DEST=${OUT:-.}
LOGS="$DEST/device-logs"
SUMMARY="$DEST/device-summary.txt"
mkdir -p "$LOGS"
export COURSEKIT_DATA=${COURSEKIT_DATA:-../shared/datasets}

CARD=$("$PY" -c "import torch; print(torch.cuda.get_device_name() if torch.cuda.is_available() else '')" 2>/dev/null)
echo "${CARD:-no CUDA device}" > "$SUMMARY"
echo "torch $("$PY" -c 'import torch; print(torch.__version__)'), $(date -u +%FT%TZ)" >> "$SUMMARY"

# part NAME SECONDS KEEP CMD...: run CMD under a timeout, log it, and summarise it; KEEP is a grep
# pattern of its output lines worth copying into the summary ('' for its last line only).
part() {
    local name=$1 limit=$2 keep=$3 log="$LOGS/$(echo "$1" | tr -cs 'A-Za-z0-9.\n' '-').log"
    shift 3
    local start=$SECONDS
    timeout "$limit" "$@" > "$log" 2>&1
    local rc=$? took=$((SECONDS - start))
    local how="ok"
    [ $rc -ne 0 ] && how="FAILED (exit $rc)"
    [ $rc -eq 124 ] && how="TIMED OUT after ${limit} s"
    echo "$name: $how, ${took} s" >> "$SUMMARY"
    if [ -n "$keep" ]; then grep -E "$keep" "$log" | sed 's/^/    /' >> "$SUMMARY"; fi
    tail -n 1 "$log" | sed 's/^/    /' >> "$SUMMARY"
}

no_cuda() {
    echo "$1: skipped, no CUDA device" >> "$SUMMARY"
}

# 1. every test marked cuda, and lecture 7's real-CUDA test (not marked: it predates the marker)
part "tests marked cuda" 75 "SKIPPED" "$PY" -m pytest -q -rs -m cuda tests
part "lecture 7 CUDA test" 25 "SKIPPED" "$PY" -m pytest -q -rs \
    tests/lecture7/test_device_checks.py::test_reference_passes_the_cuda_checks

if [ -z "$CARD" ]; then
    no_cuda "grade --device cuda"
    no_cuda "gpt_addition training on cuda"
    no_cuda "fused attention T=1024, 12 heads"
    no_cuda "kernels vs torch"
else
    # 2. the reference of every lecture that has CUDA checks, graded on the GPU (from the course itself)
    LECTURES=$("$PY" - <<'PYEOF'
from grader import course
from grader.check import load_checks
c = course.load()
cuda = {ch.exercise for ch in load_checks(c.checks, str(c.root)).values() if ch.device == "cuda"}
print(" ".join(l.id for l in c.lectures if any("cuda" in e.devices or e.id in cuda for e in l.exercises)))
PYEOF
)
    part "grade --device cuda ($LECTURES)" 70 "^Total|FAILED|ERROR|^kernels\.|cuda_|ms," \
        "$PY" -m grader grade $LECTURES --solutions --device cuda --skip-training
    # 3. GPT addition's 2-digit tier trained on the GPU, once
    part "gpt_addition training on cuda" 45 "seed|pass" "$PY" benchmarks/addition_seeds.py add2 --seeds 1 --device cuda
    # 4. fused against per-head attention at T=1024 with 12 heads
    part "fused attention T=1024, 12 heads" 25 "ratio|fused|per-head|x" \
        "$PY" benchmarks/fused_attention.py --device cuda --block-size 1024 --n-head 12 --n-embd 768 --batch 8
    # 5. the kernels lecture's reference kernels, compiled, against torch's ops
    part "kernels vs torch" 30 " ms " "$PY" benchmarks/kernels.py
fi
if [ -f benchmarks/gpt2_throughput.py ]; then
    if [ -z "$CARD" ]; then no_cuda "gpt2 throughput"; else
        part "gpt2 throughput" 20 "tok|ms" "$PY" benchmarks/gpt2_throughput.py; fi
else
    echo "gpt2 throughput: skipped, benchmarks/gpt2_throughput.py is not here (yet)" >> "$SUMMARY"
fi
cat "$SUMMARY"
