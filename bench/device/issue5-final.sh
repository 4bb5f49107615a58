# one device session: issue 5's figures from this checkout, each round alternating the engines so that they share
# the machine's state. At 16 threads: ONNX Runtime (Python), cgc's `cpu` plan and its `gpu` plan (the H100 through
# NVIDIA OpenCL) for MobileNetV2, SqueezeNet 1.1 and the encoder; on two cores pinned (taskset -c 0,1, a stand-in for
# a 2-core workstation whose neighbours do not move its clock): ONNX Runtime and the `cpu` plans of MobileNetV2 and
# the encoder, with 6 s of warm-up (the JIT shares the two cores). ROUNDS rounds (default 3).
# Carry .gpu-bench and the compiler (target/ jar and lib).
set -u
. bench/device/ab-lib.sh
O=/tmp/res; rm -rf $O; mkdir -p $O/plans
models="mobilenet_v2 squeezenet1_1 encoder2"
for m in $models; do
  for p in cpu gpu; do compile $m $p $O/plans/$m.$p.jar $O/compile-$m-$p.log; done
done
jsig=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/libjsig.so
plan() { # MODEL PLACEMENT DEVICE THREADS PIN WARMUP_MS
  local jar=$O/plans/$1.$2.jar
  LD_PRELOAD=$jsig taskset -c $5 "${jvm[@]}" -cp $jar cgc.runtime.bench.PlanBench $jar examples/models/$1.input.npy \
    --device $3 --threads $4 --runs 200 --warmup-ms $6 2>>$O/$1.$2.err \
    | sed "s/^{/{\"model\": \"$1\", \"placement\": \"$2\", /"
}
for round in $(seq ${ROUNDS:-3}); do
  for m in $models; do
    python3 bench/models/ort_time.py examples/models/$m.onnx examples/models/$m.input.npy 16 200 >> $O/threads16.jsonl
    plan $m cpu cpu-only 16 0-15 4000 >> $O/threads16.jsonl
    plan $m gpu NVIDIA 16 0-15 4000 >> $O/threads16.jsonl
  done
  for m in mobilenet_v2 encoder2; do
    taskset -c 0,1 python3 bench/models/ort_time.py examples/models/$m.onnx examples/models/$m.input.npy 2 200 \
      >> $O/two-cores.jsonl
    plan $m cpu cpu-only 2 0,1 6000 >> $O/two-cores.jsonl
  done
done
rm -rf $O/plans
tar czf $OUT/results.tgz -C $O . && echo finished
