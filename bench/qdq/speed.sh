# One device session: MobileNetV2 and its QDQ form (ONNX Runtime's static quantizer, per-channel i8 weights, made here
# by export.py) on two pinned cores (taskset -c 0,1), cgc's `cpu` plans against ONNX Runtime (all optimisations: its
# QDQ model runs on int8 kernels, cgc's computes the QDQ semantics in float), alternated, ROUNDS rounds (default 3).
# Carry .gpu-bench and .bench-jars; run as `source .gpu-bench/env.sh && mkdir -p compiler/target &&
# cp -r .bench-jars/* compiler/target/ && bash bench/qdq/speed.sh`. Results in $OUT/qdq-speed/runs.jsonl.
set -u
. bench/device/ab-lib.sh
Q=/tmp/qdq-speed; R=$OUT/qdq-speed; mkdir -p $Q $R
python3 bench/qdq/export.py $Q examples/models/mobilenet_v2.onnx:per_channel 2>&1 | grep -v "onnxruntime:,\|WARNING" > $R/export.txt
in=examples/models/mobilenet_v2.input.npy
compile mobilenet_v2 cpu $Q/float.jar $R/compile-float.txt
compile $Q/mobilenet_v2_qdq.onnx cpu $Q/qdq.jar $R/compile-qdq.txt
for round in $(seq ${ROUNDS:-3}); do
  for m in float qdq; do
    onnx=examples/models/mobilenet_v2.onnx; [ $m = qdq ] && onnx=$Q/mobilenet_v2_qdq.onnx
    taskset -c 0,1 python3 bench/models/ort_time.py $onnx $in 2 200 2>/dev/null \
      | sed "s/^{/{\"engine\": \"onnxruntime\", \"model\": \"$m\", /" >> $R/runs.jsonl
    taskset -c 0,1 "${jvm[@]}" -cp $Q/$m.jar cgc.runtime.bench.PlanBench $Q/$m.jar $in --device cpu-only --threads 2 \
      --runs 200 --warmup-ms 4000 2>>$R/cgc.err | sed "s/^{/{\"engine\": \"cgc\", \"model\": \"$m\", /" >> $R/runs.jsonl
  done
done
cat $R/runs.jsonl
