# one device session: the zoo's single-input models (examples/zoo), ONNX Runtime (Python) against cgc's `cpu` plans at
# 16 threads and on two cores pinned (taskset -c 0,1), and the `gpu` plans on the GPU; then a per-step profile of each
# cpu plan at 16 threads. Medians of 200 runs after warm-up. Carry .gpu-bench and the compiler (target/ jar and lib).
set -u
. bench/device/ab-lib.sh
O=/tmp/res; rm -rf $O; mkdir -p $O/plans
cgcjava=(java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED)
for m in ${MODELS:-resnet_small effnet_small unet_small yolo_small shuffle_small audio_conv1d}; do
  f=examples/zoo/$m.onnx; in=examples/zoo/$m.x.npy
  for p in cpu gpu; do
    "${jvm[@]}" -cp "compiler/target/cgc-compiler.jar:$lib" cgc.cli.Main compile $f --placement $p \
      -o $O/plans/$m-$p.jar > $O/compile-$m-$p.log 2>&1 || echo "compile $m $p failed"
  done
  python3 bench/models/ort_time.py $f $in 16 200 >> $O/speed.jsonl
  taskset -c 0,1 python3 bench/models/ort_time.py $f $in 2 200 >> $O/speed.jsonl
  "${cgcjava[@]}" -cp $O/plans/$m-cpu.jar cgc.runtime.bench.PlanBench $O/plans/$m-cpu.jar $in --device cpu-only \
    --threads 16 --runs 200 --warmup-ms 3000 2>>$O/cgc.err >> $O/speed.jsonl
  taskset -c 0,1 "${cgcjava[@]}" -cp $O/plans/$m-cpu.jar cgc.runtime.bench.PlanBench $O/plans/$m-cpu.jar $in \
    --device cpu-only --threads 2 --runs 200 --warmup-ms 3000 2>>$O/cgc.err >> $O/speed.jsonl
  "${cgcjava[@]}" -cp $O/plans/$m-gpu.jar cgc.runtime.bench.PlanBench $O/plans/$m-gpu.jar $in --device NVIDIA \
    --threads 16 --runs 200 --warmup-ms 3000 2>>$O/cgc.err | sed 's/^{/{"placement": "gpu", /' >> $O/speed.jsonl
  "${cgcjava[@]}" -cp $O/plans/$m-cpu.jar cgc.runtime.bench.PlanBench $O/plans/$m-cpu.jar $in --device cpu-only \
    --threads 16 --runs 200 --warmup-ms 3000 --profile 2>>$O/cgc.err > $O/profile-$m.jsonl
  python3 bench/models/ort_profile.py $f $in 16 200 > $O/ort-profile-$m.jsonl 2>>$O/ort.err
done
rm -rf $O/plans
tar czf $OUT/results.tgz -C $O . && echo finished
