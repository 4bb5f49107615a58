# one device session: the channel-blocked depthwise path (DepthwiseBlocked) against the per-plane one, on the GPU
# machine's Intel cores. MobileNetV2's `cpu` plan with the depthwise path fixed to planes (-Dcgc.cpu.depthwise=planes)
# and raced per layer (the default; the race's decisions logged), and ONNX Runtime, alternated, ROUNDS rounds
# (default 3), on two pinned cores (taskset -c 0,1) and on 16. With .bench-harness (a DwProd harness compiled against
# runtime/target/classes, see bench/NOTES.md) also each depthwise layer alone, in one JVM.
# Carry .gpu-bench and the compiler (target/ jar and lib), and .bench-harness if there is one.
set -u
. bench/device/ab-lib.sh
O=/tmp/res; rm -rf $O; mkdir -p $O/plans
if [ -d .bench-harness/h ]; then
  taskset -c 0,1 java --add-modules jdk.incubator.vector -Dcgc.cpu.depthwise=planes -Drounds=2 -Dthreads=1,2 \
    -cp .bench-harness/h:.bench-harness/rt cgc.runtime.cpu.DwProd > $O/layers.txt 2>&1
fi
m=mobilenet_v2
compile $m cpu $O/plans/$m.jar $O/compile-$m.log
bench() {  # CORES THREADS PATH
  taskset -c $1 java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dcgc.cpu.depthwise=$3 \
    -Dcgc.cpu.race.log=true -cp $O/plans/$m.jar cgc.runtime.bench.PlanBench $O/plans/$m.jar \
    examples/models/$m.input.npy --device cpu-only --threads $2 --runs 200 --warmup-ms 4000 \
    2>>$O/race-$2-$3.err | sed "s/^{/{\"depthwise\": \"$3\", /" >> $O/$2-threads.jsonl
}
for round in $(seq ${ROUNDS:-3}); do
  taskset -c 0,1 python3 bench/models/ort_time.py examples/models/$m.onnx examples/models/$m.input.npy 2 200 >> $O/2-threads.jsonl
  bench 0,1 2 planes
  bench 0,1 2 race
done
for round in $(seq ${ROUNDS16:-2}); do
  python3 bench/models/ort_time.py examples/models/$m.onnx examples/models/$m.input.npy 16 200 >> $O/16-threads.jsonl
  bench 0-15 16 planes
  bench 0-15 16 race
done
rm -rf $O/plans
tar czf $OUT/results.tgz -C $O . && echo finished
