# one device session: MobileNetV2's `cpu` plan from this checkout against the same plan from an older cgc (its
# compiler and runtime jars in .bench-old/, an ignored folder), with ONNX Runtime in the same rounds, at 16 and 8
# threads, ROUNDS (default 3) rounds alternating the three; then the encoder's plan against ONNX Runtime at 16 threads.
# Carry .gpu-bench, .bench-old and the compiler (target/ jar and lib).
set -u
. bench/device/ab-lib.sh
O=/tmp/res; rm -rf $O; mkdir -p $O/new $O/old
for m in mobilenet_v2 encoder2; do compile $m cpu $O/new/$m.cpu.plan.jar $O/compile-new-$m.log; done
compile mobilenet_v2 cpu $O/old/mobilenet_v2.cpu.plan.jar $O/compile-old.log old
ab_rounds $O $O/new/mobilenet_v2.cpu.plan.jar $O/old/mobilenet_v2.cpu.plan.jar
THREADS="16" RUNS=200 WARMUP_MS=4000 bench/models/scaling $O/encoder $O/new encoder2 > $O/encoder.log 2>&1
rm -rf $O/new $O/old
tar czf $OUT/results.tgz -C $O . && echo finished
