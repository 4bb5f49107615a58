# one device session (2026-11-24, afternoon): the cuts searched in the model itself (cgc bench models --search-rounds)
# on the emulated pair (encoder2, mobilenet_v2) and the real pair (encoder2), from the layer oracles of this morning
set -u
O=/tmp/res; rm -rf $O; mkdir -p $O
R=bench/coexec/runs/2026-11-24
SYNC= PAIRS=emulated ORACLE_FROM=$R/emulated-A-layers.json EXTRA="--search-rounds 2" bench/coexec/run $O/A examples/models/encoder2.onnx > $O/A.log 2>&1
SYNC= PAIRS=real ORACLE_FROM=$R/real-A-layers.json EXTRA="--search-rounds 2" bench/coexec/run $O/A examples/models/encoder2.onnx >> $O/A.log 2>&1
SYNC= PAIRS=emulated ORACLE_FROM=$R/emulated-B-layers.json EXTRA="--search-rounds 1" bench/coexec/run $O/B examples/models/mobilenet_v2.onnx > $O/B.log 2>&1
tar czf $OUT/results.tgz -C $O . && echo finished
