# one device session: the zoo's plans from this checkout against the older cgc in .bench-old/ (see
# bench/device/ab-lib.sh), `cpu` plans at 16 threads alternated with ONNX Runtime, ROUNDS rounds (default 3), then
# each model's `gpu` plans on the GPU alternated. Carry .gpu-bench, .bench-old and the compiler (target/ jar and lib).
set -u
. bench/device/ab-lib.sh
O=/tmp/res; rm -rf $O; mkdir -p $O/plans
models=${MODELS:-effnet_small yolo_small resnet_small unet_small}
pb() { # JAR DEVICE: one PlanBench line
  java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp $1 cgc.runtime.bench.PlanBench $1 \
    $in --device $2 --threads 16 --runs 300 --warmup-ms 3000 2>>$O/cgc.err
}
for m in $models; do
  for v in old new; do for p in cpu gpu; do
    flag=""; [ $v = old ] && flag=old
    compile examples/zoo/$m.onnx $p $O/plans/$m-$p-$v.jar $O/compile-$m-$p-$v.log $flag
  done; done
done
for round in $(seq ${ROUNDS:-3}); do
  for m in $models; do
    in=examples/zoo/$m.x.npy
    python3 bench/models/ort_time.py examples/zoo/$m.onnx $in 16 300 >> $O/ab.jsonl
    for v in old new; do
      pb $O/plans/$m-cpu-$v.jar cpu-only | sed "s/^{/{\"version\": \"$v\", /" >> $O/ab.jsonl
      pb $O/plans/$m-gpu-$v.jar NVIDIA | sed "s/^{/{\"version\": \"$v\", \"placement\": \"gpu\", /" >> $O/ab.jsonl
    done
  done
done
rm -rf $O/plans
tar czf $OUT/results.tgz -C $O . && echo finished
