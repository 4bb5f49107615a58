#!/usr/bin/env bash
# Session 23's NCHW16c harnesses (bench/models/runs/2026-12-07-s23/) on the GPU machine's Intel cores: depthwise and 1x1
# layers alone and MobileNetV2's 14x14 + 7x7 stages chained, the plan's NCHW kernels against NCHW16c ones, on two
# pinned cores (issue 5's hard case) and on all sixteen. Built here first: the harness classes and the runtime jar in
# .bench-h/ (h.jar, runtime.jar). Run there as: source .gpu-bench/env.sh && bash bench/device/nchwc-harness.sh
set -uo pipefail
OUT=${OUT:-/tmp/out}
mkdir -p "$OUT"
lscpu > "$OUT/lscpu.txt"
J=(java --add-modules=jdk.incubator.vector -cp .bench-h/runtime.jar:.bench-h/h.jar)
for t in 2 16; do
  cores=$([ "$t" = 2 ] && echo 0,1 || echo 0-15)
  taskset -c "$cores" "${J[@]}" DwC "$t" > "$OUT/dwc-$t.txt" 2>&1
  taskset -c "$cores" "${J[@]}" Pw3 "$t" > "$OUT/pw3-$t.txt" 2>&1
  taskset -c "$cores" "${J[@]}" Chain2 "$t" > "$OUT/chain2-$t.txt" 2>&1
  taskset -c "$cores" java -XX:-TieredCompilation --add-modules=jdk.incubator.vector \
      -cp .bench-h/runtime.jar:.bench-h/h.jar Chain2 "$t" > "$OUT/chain2-c2only-$t.txt" 2>&1
done
