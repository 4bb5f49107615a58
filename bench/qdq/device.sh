# One device session: ONNX Runtime's static quantizer makes QDQ forms of the example models (export.py), and cgc
# compiles each for the CPU and runs it on the input exported with it, against ONNX Runtime's output for the same
# model run op by op in float (relative L2, printed). Carry .gpu-bench and .bench-jars (the compiler's jars); run as
# `source .gpu-bench/env.sh && mkdir -p compiler/target && cp -r .bench-jars/* compiler/target/ &&
# bash bench/qdq/device.sh`. Results under $OUT/qdq.
set -u
. bench/device/ab-lib.sh
Q=$OUT/qdq; mkdir -p $Q
python3 bench/qdq/export.py $Q examples/models/mobilenet_v2.onnx:per_channel examples/models/squeezenet1_1.onnx \
  examples/models/mlp_small.onnx:per_channel > $Q/export.txt 2>&1
python3 -c "import onnxruntime; print('onnxruntime', onnxruntime.__version__)" >> $Q/export.txt
for model in $Q/*_qdq.onnx; do
  stem=${model%.onnx}; name=$(basename $stem)
  input=$(ls $stem.*.npy | grep -v expected | head -1); iname=$(basename $input .npy); iname=${iname#$name.}
  compile $model cpu /tmp/$name.jar $Q/$name.compile.txt
  mkdir -p /tmp/$name.out
  "${jvm[@]}" -jar /tmp/$name.jar --input $iname=$input --output-dir /tmp/$name.out --repeat 50 > $Q/$name.run.txt 2>&1
  python3 - "$stem.expected.npy" /tmp/$name.out >> $Q/summary.txt <<'PY'
import sys, glob, numpy as np
want = np.load(sys.argv[1]); got = np.load(glob.glob(sys.argv[2] + "/*.npy")[0])
print(sys.argv[1].split("/")[-1], "relative L2 %.2e" % (np.linalg.norm(got - want) / np.linalg.norm(want)))
PY
done
cat $Q/export.txt $Q/summary.txt
