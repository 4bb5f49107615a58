# one device session: MobileNetV2's `cpu` plan from this checkout against the same plan from an older cgc (its
# compiler and runtime jars in .bench-old/, an ignored folder), with ONNX Runtime in the same rounds, at 16 and 8
# threads, ROUNDS (default 3) rounds alternating the three; then the encoder's plan against ONNX Runtime at 16 threads.
# Carry .gpu-bench, .bench-old and the compiler (target/ jar and lib).
set -u
O=/tmp/res; rm -rf $O; mkdir -p $O/new $O/old
jvm=(java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
     -Dcgc.kernel-check=off)
lib="compiler/target/lib/*"
for m in mobilenet_v2 encoder2; do
  "${jvm[@]}" -cp "compiler/target/cgc-compiler.jar:$lib" cgc.cli.Main compile examples/models/$m.onnx \
    --placement cpu -o $O/new/$m.cpu.plan.jar > $O/compile-new-$m.log 2>&1 || echo "compile new $m failed"
done
"${jvm[@]}" -cp ".bench-old/cgc-compiler.jar:.bench-old/cgc-runtime-0.1.0-SNAPSHOT.jar:$lib" cgc.cli.Main compile \
  examples/models/mobilenet_v2.onnx --placement cpu -o $O/old/mobilenet_v2.cpu.plan.jar > $O/compile-old.log 2>&1 \
  || echo "compile old failed"
in=examples/models/mobilenet_v2.input.npy
for round in $(seq ${ROUNDS:-3}); do
  for t in 16 8; do
    python3 bench/models/ort_time.py examples/models/mobilenet_v2.onnx $in $t 200 >> $O/ab.jsonl
    for v in old new; do
      jar=$O/$v/mobilenet_v2.cpu.plan.jar
      java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp $jar cgc.runtime.bench.PlanBench \
        $jar $in --device cpu-only --threads $t --runs 200 --warmup-ms 4000 2>>$O/$v.err \
        | sed "s/^{/{\"version\": \"$v\", /" >> $O/ab.jsonl
    done
  done
done
THREADS="16" RUNS=200 WARMUP_MS=4000 bench/models/scaling $O/encoder $O/new encoder2 > $O/encoder.log 2>&1
rm -rf $O/new $O/old
tar czf $OUT/results.tgz -C $O . && echo finished
