# one device session (2026-11-24, night, last): the `cpu` plans of MobileNetV2 and the encoder from this session's
# `main` against ONNX Runtime at 16 and 8 threads, two rounds. Carry .gpu-bench and the compiler (target/ jar and lib).
set -u
O=/tmp/res; rm -rf $O; mkdir -p $O/plans
for m in mobilenet_v2 encoder2; do
  java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    -Dcgc.kernel-check=off -cp "compiler/target/cgc-compiler.jar:compiler/target/lib/*" cgc.cli.Main compile \
    examples/models/$m.onnx --placement cpu -o $O/plans/$m.cpu.plan.jar > $O/compile-$m.log 2>&1 || echo "compile $m failed"
done
for round in 1 2; do
  THREADS="16 8" RUNS=200 WARMUP_MS=4000 bench/models/scaling $O/round$round $O/plans mobilenet_v2 encoder2 > $O/round$round.log 2>&1
done
rm -rf $O/plans
tar czf $OUT/results.tgz -C $O . && echo finished
