# one device session: the three models' `gpu` plans from this checkout against those of an older cgc (.bench-old/,
# see ab-lib.sh), alternated, ROUNDS rounds (default 3) on the H100, with ONNX Runtime (16 threads) in each round; then
# a per-step profile of MobileNetV2's new plan. Used for the GEMM tiles per product (2026-12-06, old = 276926e) and
# the kernel arguments set only when they change. Carry .gpu-bench, .bench-old and the compiler (target/ jar and lib).
set -u
. bench/device/ab-lib.sh
O=/tmp/res; rm -rf $O; mkdir -p $O/plans
models="mobilenet_v2 squeezenet1_1 encoder2"
for m in $models; do
  compile $m gpu $O/plans/$m.new.jar $O/compile-$m-new.log
  compile $m gpu $O/plans/$m.old.jar $O/compile-$m-old.log old
done
for round in $(seq ${ROUNDS:-3}); do
  for m in $models; do
    python3 bench/models/ort_time.py examples/models/$m.onnx examples/models/$m.input.npy 16 200 >> $O/ab.jsonl
    for v in old new; do
      java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp $O/plans/$m.$v.jar \
        cgc.runtime.bench.PlanBench $O/plans/$m.$v.jar examples/models/$m.input.npy --device NVIDIA --threads 16 \
        --runs 300 --warmup-ms 2000 2>>$O/$v.err | sed "s/^{/{\"version\": \"$v\", /" >> $O/ab.jsonl
    done
  done
done
jar=$O/plans/mobilenet_v2.new.jar
java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp $jar cgc.runtime.bench.PlanBench $jar \
  examples/models/mobilenet_v2.input.npy --device NVIDIA --threads 16 --runs 300 --warmup-ms 2000 --profile \
  > $O/profile-mobilenet_v2.jsonl 2>>$O/new.err
rm -rf $O/plans
tar czf $OUT/results.tgz -C $O . && echo finished
