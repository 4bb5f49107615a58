# One device session: ONNX Runtime's static quantizer in its QOperator form (export.py --qoperator, u8 weights: no u8 x i8
# saturation on any x86), and cgc compiles each for the CPU and runs it on the exported input against ONNX Runtime's
# output (relative L2, printed). Carry .gpu-bench and .bench-jars; run as `source .gpu-bench/env.sh && mkdir -p
# compiler/target && cp -r .bench-jars/* compiler/target/ && bash bench/qdq/qoperator.sh`. Results under $OUT/qop.
set -u
. bench/device/ab-lib.sh
Q=$OUT/qop; mkdir -p $Q
python3 bench/qdq/export.py --qoperator $Q examples/models/mobilenet_v2.onnx:per_channel examples/models/squeezenet1_1.onnx \
  examples/models/mlp_small.onnx:per_channel 2>&1 | grep -v WARN > $Q/export.txt
for model in $Q/*_qop.onnx; do
  stem=${model%.onnx}; name=$(basename $stem)
  input=$(ls $stem.*.npy | grep -v expected | head -1); iname=$(basename $input .npy); iname=${iname#$name.}
  compile $model cpu /tmp/$name.jar $Q/$name.compile.txt
  mkdir -p /tmp/$name.out
  "${jvm[@]}" -jar /tmp/$name.jar --input $iname=$input --output-dir /tmp/$name.out > $Q/$name.run.txt 2>&1
  python3 - "$stem.expected.npy" /tmp/$name.out >> $Q/summary.txt <<'PY'
import sys, glob, numpy as np
want = np.load(sys.argv[1]); got = glob.glob(sys.argv[2] + "/*.npy")
print(sys.argv[1].split("/")[-1], "cgc vs ONNX Runtime: relative L2 %.2e" % (np.linalg.norm(np.load(got[0]) - want)
      / np.linalg.norm(want)) if got else "no output")
PY
  tail -2 $Q/$name.compile.txt >> $Q/summary.txt
done
cat $Q/export.txt $Q/summary.txt
