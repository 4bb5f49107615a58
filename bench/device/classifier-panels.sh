# One device session, after the SMT probe (smt-probe.sh, run first by this script): MobileNetV2's `cpu` plan with the
# classifier's transposed B read from packed panels (this checkout) against the same plan reading it in place
# (-Dcgc.gemm.few-rows-panels=false; MobileNetV2 has no other product of few rows), and ONNX Runtime, each on two
# pinned cores (taskset -c 0,1), alternated, ROUNDS rounds (default 3), per-step profile of each plan in the last.
# Carry .gpu-bench and .bench-jars; run as `source .gpu-bench/env.sh && mkdir -p compiler/target &&
# cp -r .bench-jars/* compiler/target/ && bash bench/device/classifier-panels.sh`.
set -u
bash bench/device/smt-probe.sh > /dev/null 2>&1; mkdir -p $OUT/smt && mv $OUT/topology.txt $OUT/probe.txt $OUT/smt/ 2>/dev/null
. bench/device/ab-lib.sh
O=/tmp/res2; rm -rf $O; mkdir -p $O/plans
m=mobilenet_v2; in=examples/models/$m.input.npy; jar=$O/plans/$m.jar
compile $m cpu $jar $O/compile.log
plan() { # TAG PANELS [--profile]
  taskset -c 0,1 java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dcgc.gemm.few-rows-panels=$2 \
    -cp $jar cgc.runtime.bench.PlanBench $jar $in --device cpu-only --threads 2 --runs 200 --warmup-ms 4000 ${3:-} \
    2>>$O/cgc.err | sed "s/^{/{\"version\": \"$1\", /" >> $O/two-cores.jsonl
}
for round in $(seq ${ROUNDS:-3}); do
  taskset -c 0,1 python3 bench/models/ort_time.py examples/models/$m.onnx $in 2 200 >> $O/two-cores.jsonl
  prof=""; [ $round = ${ROUNDS:-3} ] && prof=--profile
  plan in-place false $prof; plan panels true $prof
  tar czf $OUT/results.tgz -C $O --exclude=plans .
done
echo finished
