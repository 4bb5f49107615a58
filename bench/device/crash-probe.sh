set -u
. bench/device/ab-lib.sh
O=$OUT; R=$PWD
compile examples/zoo/lstm_small.onnx gpu /tmp/lstm-gpu.jar $O/c1.log
compile examples/zoo/audio_conv1d.onnx gpu /tmp/audio-gpu-old.jar $O/c2.log old
compile examples/zoo/gru_small.onnx gpu /tmp/gru-gpu.jar $O/c3.log
for j in lstm-gpu:lstm_small gru-gpu:gru_small audio-gpu-old:audio_conv1d; do
  jar=/tmp/${j%%:*}.jar; m=${j##*:}
  (cd $O && java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:ErrorFile=$O/hs_err_${m}.log -cp $jar \
    cgc.runtime.bench.PlanBench $jar $R/examples/zoo/$m.x.npy --device NVIDIA --threads 16 --runs 300 --warmup-ms 2000 > $O/out-$m.txt 2>&1; echo "$m rc=$?")
done
