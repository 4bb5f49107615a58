# one device session (2026-11-24, night): MobileNetV2's `cpu` plan at 16 and 8 threads with 2, 4 and 8 (FACTORS) GEMM and
# depthwise blocks per thread (-Dcgc.cpu.tasks-per-thread), three rounds alternated, ONNX Runtime alongside.
# carry .gpu-prof (or any JRE 25 with the Vector API) and .bp/mobilenet_v2.cpu.plan.jar, built here
set -u
O=/tmp/res; rm -rf $O; mkdir -p $O
jar=.bp/mobilenet_v2.cpu.plan.jar; in=examples/models/mobilenet_v2.input.npy
for round in 1 2 3; do
  for t in 16 8; do
    python3 bench/models/ort_time.py examples/models/mobilenet_v2.onnx $in $t 200 | sed "s/^{/{\"round\": $round, /" >> $O/runs.jsonl
    for f in ${FACTORS:-2 4 8}; do
      java -Dcgc.cpu.tasks-per-thread=$f --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp $jar \
        cgc.runtime.bench.PlanBench $jar $in --device cpu-only --threads $t --runs 300 --warmup-ms 3000 2>>$O/err.log \
        | sed "s/^{/{\"round\": $round, \"tasksPerThread\": $f, /" >> $O/runs.jsonl
    done
  done
done
tar czf $OUT/results.tgz -C $O . && echo finished
