# one device session (2026-11-24, evening): the final CPU plans against ONNX Runtime at 16 threads, and the GPU plans
# on the H100 with launches flushed every 1 (as before), 4 (the default now) and 16
set -u
O=/tmp/res; rm -rf $O; mkdir -p $O/plans
MODELS="mobilenet_v2 squeezenet1_1 encoder2"
for m in $MODELS; do
  for p in cpu gpu; do
    java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
      -Dcgc.kernel-check=off -cp "compiler/target/cgc-compiler.jar:compiler/target/lib/*" cgc.cli.Main compile \
      examples/models/$m.onnx --placement $p -o $O/plans/$m.$p.plan.jar > $O/compile-$m-$p.log 2>&1 || echo "compile $m $p failed"
  done
done
THREADS="16" RUNS=100 WARMUP_MS=4000 bench/models/scaling $O/scaling $O/plans $MODELS > $O/scaling.log 2>&1
for m in $MODELS; do
  for fe in 1 4 16; do
    java -Dcgc.flush-every=$fe --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
      -cp $O/plans/$m.gpu.plan.jar cgc.runtime.bench.PlanBench $O/plans/$m.gpu.plan.jar examples/models/$m.input.npy \
      --device NVIDIA --threads 16 --runs 300 --warmup-ms 3000 2>>$O/gpu.err | sed "s/^{/{\"flushEvery\": $fe, /" >> $O/gpu-h100.jsonl
  done
done
rm -rf $O/plans
tar czf $OUT/results.tgz -C $O . && echo finished
