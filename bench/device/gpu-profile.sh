# one device session: where the `gpu` plans' time goes on the host, step by step (PlanBench --profile on the H100:
# a step's time is the host's enqueue of its kernels, the wait at the end holds the device's remaining work).
# Carry .gpu-bench and the compiler (target/ jar and lib).
set -u
. bench/device/ab-lib.sh
O=/tmp/res; rm -rf $O; mkdir -p $O/plans
for m in mobilenet_v2 encoder2; do
  compile $m gpu $O/plans/$m.gpu.jar $O/compile-$m.log
  java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp $O/plans/$m.gpu.jar \
    cgc.runtime.bench.PlanBench $O/plans/$m.gpu.jar examples/models/$m.input.npy --device NVIDIA --threads 16 \
    --runs 300 --warmup-ms 3000 --profile > $O/profile-$m.jsonl 2>>$O/$m.err
done
rm -rf $O/plans
tar czf $OUT/results.tgz -C $O . && echo finished
