# one device session: where MobileNetV2's and SqueezeNet's `cpu` plans lose to ONNX Runtime at 16 threads, layer by
# layer (cgc's per-step profile against ONNX Runtime's per-node profile), then MobileNetV2's plan from this checkout
# against an older cgc's (.bench-old/) and ONNX Runtime, alternated, ROUNDS rounds (default 3) at 16 and 8 threads.
# Carry .gpu-bench, .bench-old and the compiler (target/ jar and lib).
set -u
O=/tmp/res; rm -rf $O; mkdir -p $O/plans $O/old
jvm=(java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
     -Dcgc.kernel-check=off)
lib="compiler/target/lib/*"
for m in mobilenet_v2 squeezenet1_1; do
  "${jvm[@]}" -cp "compiler/target/cgc-compiler.jar:$lib" cgc.cli.Main compile examples/models/$m.onnx \
    --placement cpu -o $O/plans/$m.cpu.plan.jar > $O/compile-$m.log 2>&1 || echo "compile $m failed"
done
"${jvm[@]}" -cp ".bench-old/cgc-compiler.jar:.bench-old/cgc-runtime-0.1.0-SNAPSHOT.jar:$lib" cgc.cli.Main compile \
  examples/models/mobilenet_v2.onnx --placement cpu -o $O/old/mobilenet_v2.cpu.plan.jar > $O/compile-old.log 2>&1 \
  || echo "compile old failed"
for m in mobilenet_v2 squeezenet1_1; do
  in=examples/models/$m.input.npy; jar=$O/plans/$m.cpu.plan.jar
  python3 bench/models/ort_profile.py examples/models/$m.onnx $in 16 400 > $O/ort-profile-$m.json 2>$O/ort-profile-$m.err
  java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp $jar cgc.runtime.bench.PlanBench \
    $jar $in --device cpu-only --threads 16 --runs 400 --warmup-ms 4000 --profile > $O/cgc-profile-$m.jsonl 2>>$O/new.err
done
in=examples/models/mobilenet_v2.input.npy
for round in $(seq ${ROUNDS:-3}); do
  for t in 16 8; do
    python3 bench/models/ort_time.py examples/models/mobilenet_v2.onnx $in $t 200 >> $O/ab.jsonl
    for v in old new; do
      jar=$O/$v/mobilenet_v2.cpu.plan.jar; [ $v = new ] && jar=$O/plans/mobilenet_v2.cpu.plan.jar
      java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp $jar cgc.runtime.bench.PlanBench \
        $jar $in --device cpu-only --threads $t --runs 200 --warmup-ms 4000 2>>$O/$v.err \
        | sed "s/^{/{\"version\": \"$v\", /" >> $O/ab.jsonl
    done
  done
done
rm -rf $O/plans $O/old
tar czf $OUT/results.tgz -C $O . && echo finished
