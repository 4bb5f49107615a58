# one device session: issue 5's 2-core comparison on the GPU machine, both engines pinned to two cores (taskset -c
# 0,1): ONNX Runtime (Python, 2 threads) and the `cpu` plans (2 threads), alternated, ROUNDS rounds (default 3), for
# MobileNetV2 and the encoder. A stand-in for a 2-core workstation whose neighbours do not move its clock.
# Carry .gpu-bench and the compiler (target/ jar and lib).
set -u
. bench/device/ab-lib.sh
O=/tmp/res; rm -rf $O; mkdir -p $O/plans
models="mobilenet_v2 encoder2"
for m in $models; do compile $m cpu $O/plans/$m.jar $O/compile-$m.log; done
for round in $(seq ${ROUNDS:-3}); do
  for m in $models; do
    taskset -c 0,1 python3 bench/models/ort_time.py examples/models/$m.onnx examples/models/$m.input.npy 2 200 >> $O/two-cores.jsonl
    taskset -c 0,1 java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp $O/plans/$m.jar \
      cgc.runtime.bench.PlanBench $O/plans/$m.jar examples/models/$m.input.npy --device cpu-only --threads 2 \
      --runs 200 --warmup-ms 4000 2>>$O/cgc.err >> $O/two-cores.jsonl
  done
done
rm -rf $O/plans
tar czf $OUT/results.tgz -C $O . && echo finished
