# One device session: the depthwise column masks from a long per column (VectorMask.fromLong) against boolean
# arrays (fromArray), and the session's MobileNetV2 plan against the one before it, on the GPU machine's Intel cores
# (packb: the new plan with B packed, not read in place, for the 1x1 convs; pointwise.txt: the 1x1 convs alone, B in
# place or packed). .bench-old/ holds the cgc before the session (base: its compiler, runtime and templates jars),
# .bench-old/probe/{base,mid,new} the runtime classes of the base, of the parity planes with boolean masks, and of
# this checkout, probe/out the DwLoop harness (`javac --add-modules jdk.incubator.vector -cp .bench-old/probe/new -d
# .bench-old/probe/out bench/depthwise/DwLoop.java`). Carry .gpu-bench, .bench-jars, .bench-old; run as
# `source .gpu-bench/env.sh && mkdir -p compiler/target && cp -r .bench-jars/* compiler/target/ &&
# bash bench/device/dw-masks.sh`. Results written as they come into $OUT/dw-masks/ (a run cut short keeps them).
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
  for v in base new packb; do
    jar=$T/$v.jar; extra=(); [ $v = packb ] && jar=$T/new.jar && extra=(-Dcgc.gemm.in-place-b=false)
    taskset -c 0,1 "${jvm[@]}" "${extra[@]}" -cp $jar cgc.runtime.bench.PlanBench $jar $in --device cpu-only \
      --threads 2 --runs 200 --warmup-ms 4000 2>>$T/cgc.err | sed "s/^{/{\"engine\": \"cgc-$v\", /" >> $O/runs.jsonl
  done
done
taskset -c 0 "${J[@]}" -cp $P/new:$P/out cgc.runtime.cpu.DwLoop 56 2>/dev/null > $O/loop.txt
for t in 1 2; do
  cores=0; [ $t = 2 ] && cores=0,1
  for v in base mid new; do
    taskset -c $cores "${J[@]}" -cp $P/$v cgc.runtime.bench.CpuKernelBench $t " dw" 2>/dev/null | grep " dw" \
      | sed "s/^/$v $t /" >> $O/kernels.txt
  done
done
for b in true false; do
  taskset -c 0 "${J[@]}" -Dcgc.gemm.in-place-b=$b -cp $P/new cgc.runtime.bench.CpuKernelBench 1 " k1 " 2>/dev/null \
    | grep "k1 " | sed "s/^/in-place-b=$b 1 /" >> $O/pointwise.txt
done
cat $O/*
