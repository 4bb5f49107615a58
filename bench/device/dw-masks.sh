# One device session: the depthwise column masks from a long per column (VectorMask.fromLong) against boolean
# arrays (fromArray), and the session's MobileNetV2 plan against the one before it, on the GPU machine's Intel cores
# (packb: the new plan with B packed, not read in place, for the 1x1 convs; pointwise.txt: the 1x1 convs alone, B in
# place or packed).
# .bench-old/ holds the cgc before the session (base: its compiler, runtime and templates jars), .bench-old/mid/
# the one with parity planes and boolean masks, .bench-old/probe/{base,mid,new} their runtime classes and probe/out
# the DwLoop harness (`javac --add-modules jdk.incubator.vector -cp .bench-old/probe/new -d .bench-old/probe/out
# bench/depthwise/DwLoop.java`). Carry .gpu-bench, .bench-jars, .bench-old; run as `source .gpu-bench/env.sh &&
# mkdir -p compiler/target && cp -r .bench-jars/* compiler/target/ && bash bench/device/dw-masks.sh`.
set -u
. bench/device/ab-lib.sh
O=/tmp/dw-masks; rm -rf $O; mkdir -p $O
P=.bench-old/probe
J=(java --add-modules=jdk.incubator.vector)
for w in 56 14; do taskset -c 0 "${J[@]}" -cp $P/new:$P/out cgc.runtime.cpu.DwLoop $w 2>/dev/null | sed "s/^/$w /"; done > $O/loop.txt
for round in 1 2; do
  for t in 1 2; do
    cores=0; [ $t = 2 ] && cores=0,1
    for v in base mid new; do
      taskset -c $cores "${J[@]}" -cp $P/$v cgc.runtime.bench.CpuKernelBench $t " dw" 2>/dev/null | grep " dw" | sed "s/^/$v $t /"
    done
  done
done > $O/kernels.txt
for round in 1 2; do
  for t in 1 2; do
    cores=0; [ $t = 2 ] && cores=0,1
    for b in true false; do
      taskset -c $cores "${J[@]}" -Dcgc.gemm.in-place-b=$b -cp $P/new cgc.runtime.bench.CpuKernelBench $t " k1 " 2>/dev/null \
        | grep "k1 " | sed "s/^/in-place-b=$b $t /"
    done
  done
done > $O/pointwise.txt
compile mobilenet_v2 cpu $O/new.jar $O/compile-new.txt
compile mobilenet_v2 cpu $O/base.jar $O/compile-base.txt old
M=.bench-old/mid
"${jvm[@]}" -cp "$M/cgc-compiler.jar:$M/cgc-runtime-0.1.0-SNAPSHOT.jar:$M/cgc-kernels-templates-0.1.0-SNAPSHOT.jar:$lib" \
  cgc.cli.Main compile examples/models/mobilenet_v2.onnx --placement cpu -o $O/mid.jar > $O/compile-mid.txt 2>&1
in=examples/models/mobilenet_v2.input.npy
for round in 1 2 3; do
  taskset -c 0,1 python3 bench/models/ort_time.py examples/models/mobilenet_v2.onnx $in 2 200 2>/dev/null \
    | sed 's/^{/{"engine": "onnxruntime", /' >> $O/runs.jsonl
  for v in base mid new packb; do
    jar=$O/$v.jar; extra=(); [ $v = packb ] && jar=$O/new.jar && extra=(-Dcgc.gemm.in-place-b=false)
    taskset -c 0,1 "${jvm[@]}" "${extra[@]}" -cp $jar cgc.runtime.bench.PlanBench $jar $in --device cpu-only \
      --threads 2 --runs 200 --warmup-ms 4000 2>>$O/cgc.err | sed "s/^{/{\"engine\": \"cgc-$v\", /" >> $O/runs.jsonl
  done
done
rm -f $O/*.jar
tar czf $OUT/dw-masks.tgz -C $O . && cat $O/loop.txt $O/kernels.txt $O/pointwise.txt $O/runs.jsonl
