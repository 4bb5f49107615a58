# one device session (2026-11-24, late morning, last): issue 5's figures from this checkout. The `cpu` plans of
# MobileNetV2 against the plan of an older cgc (its compiler and runtime jars in .bench-old/, an ignored folder) and
# ONNX Runtime at 16 and 8 threads, alternated, ROUNDS rounds (default 3); the three models' `cpu` and `gpu` plans
# (H100 through NVIDIA OpenCL) against ONNX Runtime at 16 threads; a per-step profile of MobileNetV2's `cpu` plan at
# 16 threads. Carry .gpu-bench, .bench-old and the compiler (target/ jar and lib).
set -u
O=/tmp/res; rm -rf $O; mkdir -p $O/plans $O/old
jvm=(java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
     -Dcgc.kernel-check=off)
lib="compiler/target/lib/*"
for m in mobilenet_v2 squeezenet1_1 encoder2; do
  for p in cpu gpu; do
    "${jvm[@]}" -cp "compiler/target/cgc-compiler.jar:$lib" cgc.cli.Main compile examples/models/$m.onnx \
      --placement $p -o $O/plans/$m.$p.plan.jar > $O/compile-$m-$p.log 2>&1 || echo "compile $m $p failed"
  done
done
"${jvm[@]}" -cp ".bench-old/cgc-compiler.jar:.bench-old/cgc-runtime-0.1.0-SNAPSHOT.jar:$lib" cgc.cli.Main compile \
  examples/models/mobilenet_v2.onnx --placement cpu -o $O/old/mobilenet_v2.cpu.plan.jar > $O/compile-old.log 2>&1 \
  || echo "compile old failed"
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
# libjsig: the OpenCL drivers' signal handlers must chain with the JVM's (bench/RESULTS.md, the SIGSEGV)
GPU_DEVICES="NVIDIA" THREADS=16 RUNS=200 bench/models/run $O/models $O/plans mobilenet_v2 squeezenet1_1 encoder2 \
  > $O/models.log 2>&1
jar=$O/plans/mobilenet_v2.cpu.plan.jar
java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp $jar cgc.runtime.bench.PlanBench $jar $in \
  --device cpu-only --threads 16 --runs 500 --warmup-ms 4000 --profile > $O/profile-16.jsonl 2>>$O/new.err
rm -rf $O/plans $O/old
tar czf $OUT/results.tgz -C $O . && echo finished
