# one device session (2026-11-24, late morning, last): issue 5's figures from this checkout. The `cpu` plans of
# MobileNetV2 against the plan of an older cgc (.bench-old/, see ab-lib.sh) and ONNX Runtime at 16 and 8 threads,
# alternated, ROUNDS rounds (default 3); the three models' `cpu` and `gpu` plans (H100 through NVIDIA OpenCL) against
# ONNX Runtime at 16 threads; a per-step profile of MobileNetV2's `cpu` plan at 16 threads.
# Carry .gpu-bench, .bench-old and the compiler (target/ jar and lib).
set -u
. bench/device/ab-lib.sh
O=/tmp/res; rm -rf $O; mkdir -p $O/plans $O/old
for m in mobilenet_v2 squeezenet1_1 encoder2; do
  for p in cpu gpu; do compile $m $p $O/plans/$m.$p.plan.jar $O/compile-$m-$p.log; done
done
compile mobilenet_v2 cpu $O/old/mobilenet_v2.cpu.plan.jar $O/compile-old.log old
ab_rounds $O $O/plans/mobilenet_v2.cpu.plan.jar $O/old/mobilenet_v2.cpu.plan.jar
GPU_DEVICES="NVIDIA" THREADS=16 RUNS=200 bench/models/run $O/models $O/plans mobilenet_v2 squeezenet1_1 encoder2 \
  > $O/models.log 2>&1
jar=$O/plans/mobilenet_v2.cpu.plan.jar
java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp $jar cgc.runtime.bench.PlanBench $jar \
  examples/models/mobilenet_v2.input.npy --device cpu-only --threads 16 --runs 500 --warmup-ms 4000 --profile \
  > $O/profile-16.jsonl 2>>$O/new.err
rm -rf $O/plans $O/old
tar czf $OUT/results.tgz -C $O . && echo finished
