# One device session: stride-2 depthwise over four parity planes (DepthwiseInput.ParityPlanes) against the two
# column planes before it, on the GPU machine's Intel cores. The old cgc's jars and the harness classes
# (bench/depthwise/DwParts.java, DwLoop.java, built here by `javac --add-modules jdk.incubator.vector -cp
# .bench-old/probe/new -d .bench-old/probe/out bench/depthwise/*.java`, the runtime's classes in probe/old and new;
# DwParts, DwLoop: one layer's fill, compute and store timed apart; the flat loop's variants) in .bench-old/;
# the model's plans: old, new, new with every stride-2 layer on parity planes, new without the direct store.
# Carry .gpu-bench, .bench-jars, .bench-old; run as `source .gpu-bench/env.sh && mkdir -p compiler/target &&
# cp -r .bench-jars/* compiler/target/ && bash bench/device/dw-parity.sh`. Results in $OUT/dw-parity.tgz.
set -u
. bench/device/ab-lib.sh
O=/tmp/dw-parity; rm -rf $O; mkdir -p $O
P=.bench-old/probe
J=(java --add-modules=jdk.incubator.vector)
for L in "96 112 2" "144 56 2" "192 28 2" "576 14 2" "144 56 1"; do
  taskset -c 0 "${J[@]}" -cp $P/old:$P/out cgc.runtime.cpu.DwParts $L cpf 2>/dev/null | sed 's/^/old /'
  taskset -c 0 "${J[@]}" -cp $P/new:$P/out cgc.runtime.cpu.DwParts $L cpf 2>/dev/null | sed 's/^/new /'
  taskset -c 0 "${J[@]}" -cp $P/new:$P/out cgc.runtime.cpu.DwParts $L parity 2>/dev/null | sed 's/^/new /'
done > $O/parts.txt
for w in 56 14; do taskset -c 0 "${J[@]}" -cp $P/new:$P/out cgc.runtime.cpu.DwLoop $w 2>/dev/null | sed "s/^/$w /"; done > $O/loop.txt
for round in 1 2; do
  for t in 1 2; do
    cores=0; [ $t = 2 ] && cores=0,1
    for v in old new; do
      taskset -c $cores "${J[@]}" -cp $P/$v cgc.runtime.bench.CpuKernelBench $t " dw" 2>/dev/null | sed "s/^/$v $t /"
    done
  done
done > $O/kernels.txt
compile mobilenet_v2 cpu $O/new.jar $O/compile-new.txt
compile mobilenet_v2 cpu $O/old.jar $O/compile-old.txt old
in=examples/models/mobilenet_v2.input.npy
for round in 1 2 3; do
  taskset -c 0,1 python3 bench/models/ort_time.py examples/models/mobilenet_v2.onnx $in 2 200 2>/dev/null \
    | sed 's/^{/{"engine": "onnxruntime", /' >> $O/runs.jsonl
  for v in old new all nodirect; do
    jar=$O/$v.jar; extra=()
    [ $v = all ] && jar=$O/new.jar && extra=(-Dcgc.depthwise.parity-min-width=0)
    [ $v = nodirect ] && jar=$O/new.jar && extra=(-Dcgc.depthwise.direct-store=false)
    taskset -c 0,1 "${jvm[@]}" "${extra[@]}" -cp $jar cgc.runtime.bench.PlanBench $jar $in --device cpu-only \
      --threads 2 --runs 200 --warmup-ms 4000 2>>$O/cgc.err | sed "s/^{/{\"engine\": \"cgc-$v\", /" >> $O/runs.jsonl
  done
done
rm -f $O/*.jar
tar czf $OUT/dw-parity.tgz -C $O . && cat $O/parts.txt $O/runs.jsonl
