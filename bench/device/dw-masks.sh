# One device session: the session's MobileNetV2 plan against the one before it on the GPU machine's Intel cores (two
# pinned cores, ONNX Runtime in the same rounds), the depthwise column masks from a long per column
# (VectorMask.fromLong) against boolean arrays (fromArray) in the DwLoop harness, and the depthwise layers alone.
# .bench-old/ holds the cgc before the session (its compiler, runtime and templates jars), .bench-old/probe/{base,new}
# the runtime classes of the base and of this checkout, probe/out the DwLoop harness (`javac --add-modules
# jdk.incubator.vector -cp .bench-old/probe/new -d .bench-old/probe/out bench/depthwise/DwLoop.java`). Carry
# .gpu-bench, .bench-jars, .bench-old; run as `source .gpu-bench/env.sh && mkdir -p compiler/target &&
# cp -r .bench-jars/* compiler/target/ && bash bench/device/dw-masks.sh`. Results written as they come into
# $OUT/dw-masks/ (a run cut short keeps them). Sized to the last few minutes of a session's device time.
set -u
. bench/device/ab-lib.sh
O=$OUT/dw-masks; T=/tmp/dw-masks; rm -rf $T; mkdir -p $O $T
P=.bench-old/probe
J=(java --add-modules=jdk.incubator.vector)
in=examples/models/mobilenet_v2.input.npy
compile mobilenet_v2 cpu $T/new.jar $T/compile-new.txt
compile mobilenet_v2 cpu $T/base.jar $T/compile-base.txt old
for round in 1 2; do
  taskset -c 0,1 python3 bench/models/ort_time.py examples/models/mobilenet_v2.onnx $in 2 200 2>/dev/null \
    | sed 's/^{/{"engine": "onnxruntime", /' >> $O/runs.jsonl
  for v in base new; do
    taskset -c 0,1 "${jvm[@]}" -cp $T/$v.jar cgc.runtime.bench.PlanBench $T/$v.jar $in --device cpu-only \
      --threads 2 --runs 200 --warmup-ms 4000 2>>$T/cgc.err | sed "s/^{/{\"engine\": \"cgc-$v\", /" >> $O/runs.jsonl
  done
done
taskset -c 0 "${J[@]}" -cp $P/new:$P/out cgc.runtime.cpu.DwLoop 56 2>/dev/null > $O/loop.txt
for v in base new; do
  taskset -c 0,1 "${J[@]}" -cp $P/$v cgc.runtime.bench.CpuKernelBench 2 " dw" 2>/dev/null | grep " dw" \
    | sed "s/^/$v 2 /" >> $O/kernels.txt
done
cat $O/*
