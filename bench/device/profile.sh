# one device session (2026-11-24, night): where the `cpu` plan of MobileNetV2 spends its time at 16 threads (JFR), next to
# ONNX Runtime at the same thread counts; and thread scaling 1..16 of both, in one run
set -u
# carry a JRE with JFR (JFR=1 bench/device/prepare; this run used one without javac, .gpu-prof, to fit the 64 MiB)
# and .bp/mobilenet_v2.cpu.plan.jar, built here; source its env.sh first
O=/tmp/res; rm -rf $O; mkdir -p $O/plans
J="java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED"
cp .bp/mobilenet_v2.cpu.plan.jar $O/plans/          # built here: the JRE carried for this run has no javac
THREADS="1 2 4 8 16" RUNS=100 WARMUP_MS=3000 bench/models/scaling $O/scaling $O/plans mobilenet_v2 > $O/scaling.log 2>&1
for t in 16 4; do
  $J -XX:StartFlightRecording=filename=$O/mb-$t.jfr,settings=profile -cp $O/plans/mobilenet_v2.cpu.plan.jar \
    cgc.runtime.bench.PlanBench $O/plans/mobilenet_v2.cpu.plan.jar examples/models/mobilenet_v2.input.npy \
    --device cpu-only --threads $t --runs 3000 --warmup-ms 2000 > $O/jfr-$t.log 2>&1
done
rm -rf $O/plans
tar czf $OUT/results.tgz -C $O . && echo finished
