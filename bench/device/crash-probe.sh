# one device session: plans that mix CPU and GPU layers on NVIDIA OpenCL (coarse-grained SVM), run 300 times each by
# PlanBench, to catch crashes of the crossings: the zoo's LSTM and GRU under --placement gpu (the recurrence on the
# CPU between GPU layers) and its Conv1d model with its convs and pools placed on the CPU by a split config (CPU layers,
# then GPU layers), by this cgc and, as a control, by the one in .bench-old/. Carry .gpu-bench, the compiler (target/
# jar and lib) and optionally .bench-old. Writes $OUT/out-*.txt and hs_err files.
set -u
. bench/device/ab-lib.sh
O=$OUT; R=$PWD
printf '{"/f/f.0/Conv": "cpu", "/f/f.3/MaxPool": "cpu", "/f/f.4/Conv": "cpu", "/f/f.7/AveragePool": "cpu",
  "/f/f.8/Conv": "cpu"}\n' > /tmp/convs-cpu.json
old=".bench-old/cgc-compiler.jar:.bench-old/cgc-runtime-0.1.0-SNAPSHOT.jar:.bench-old/cgc-kernels-templates-0.1.0-SNAPSHOT.jar"
for v in new old; do                     # old: the same plan by the cgc in .bench-old/ (when carried), as a control
  cp="compiler/target/cgc-compiler.jar:$lib"; [ $v = old ] && cp="$old:$lib"
  [ $v = old ] && [ ! -f .bench-old/cgc-compiler.jar ] && continue
  "${jvm[@]}" -cp "$cp" cgc.cli.Main compile examples/zoo/audio_conv1d.onnx --placement gpu \
    --split-config /tmp/convs-cpu.json -o /tmp/audio-mixed-$v.jar > $O/c-audio-$v.log 2>&1 || echo "compile audio $v failed"
done
compile examples/zoo/lstm_small.onnx gpu /tmp/lstm-gpu.jar $O/c-lstm.log
compile examples/zoo/gru_small.onnx gpu /tmp/gru-gpu.jar $O/c-gru.log
for j in audio-mixed-new:audio_conv1d audio-mixed-old:audio_conv1d lstm-gpu:lstm_small gru-gpu:gru_small; do
  [ -f /tmp/${j%%:*}.jar ] || continue
  jar=/tmp/${j%%:*}.jar; m=${j##*:}
  (cd $O && java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:ErrorFile=$O/hs_err_${j%%:*}.log \
    -cp $jar cgc.runtime.bench.PlanBench $jar $R/examples/zoo/$m.x.npy --device NVIDIA --threads 16 --runs 300 \
    --warmup-ms 2000 > $O/out-${j%%:*}.txt 2>&1; echo "${j%%:*} rc=$?")
done
