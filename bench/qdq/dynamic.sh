# One device session: ONNX Runtime's dynamic quantizer makes three forms of the example transformers and MLP
# (dynamic.py); cgc compiles each for the CPU and runs it on the exported inputs, against ONNX Runtime's output for
# the same model (relative L2, printed). Carry .gpu-bench and .bench-jars (the compiler's jars); run as
# `source .gpu-bench/env.sh && mkdir -p compiler/target && cp -r .bench-jars/* compiler/target/ &&
# bash bench/qdq/dynamic.sh`. Results under $OUT/dynamic.
set -u
. bench/device/ab-lib.sh
Q=$OUT/dynamic; mkdir -p $Q
python3 bench/qdq/dynamic.py $Q examples/models/mlp_small.onnx:input=examples/models/mlp_small.input.npy \
  examples/models/encoder2.onnx:input=examples/models/encoder2.input.npy \
  examples/zoo/bert_tiny.onnx:ids=examples/zoo/bert_tiny.ids.npy,mask=examples/zoo/bert_tiny.mask.npy \
  examples/zoo/vit_tiny.onnx:x=examples/zoo/vit_tiny.x.npy > $Q/export.txt 2>&1
python3 -c "import onnxruntime; print('onnxruntime', onnxruntime.__version__)" >> $Q/export.txt
for model in $Q/*_dyn_*.onnx; do
  stem=${model%.onnx}; name=$(basename $stem)
  compile $model cpu /tmp/$name.jar $Q/$name.compile.txt
  args=()
  for f in $stem.*.npy; do
    k=$(basename $f .npy); k=${k#$name.}; [ "$k" = expected ] || args+=(--input $k=$f)
  done
  mkdir -p /tmp/$name.out
  "${jvm[@]}" -jar /tmp/$name.jar "${args[@]}" --output-dir /tmp/$name.out --repeat 20 > $Q/$name.run.txt 2>&1
  python3 - "$stem.expected.npy" /tmp/$name.out >> $Q/summary.txt <<'PY'
import sys, glob, numpy as np
want = np.load(sys.argv[1]); got = np.load(glob.glob(sys.argv[2] + "/*.npy")[0])
print(sys.argv[1].split("/")[-1], "cgc vs ONNX Runtime: relative L2 %.2e" % (np.linalg.norm(got - want) / np.linalg.norm(want)))
PY
done
cat $Q/export.txt $Q/summary.txt
