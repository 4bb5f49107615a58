# one device session (2026-11-24, late afternoon): after the split layers' crossings became conditional on the cut,
# encoder2 on both pairs with the layer oracles of the morning and one round of the search in the model
set -u
O=/tmp/res; rm -rf $O; mkdir -p $O
R=bench/coexec/runs/2026-11-24
SYNC= PAIRS=real ORACLE_FROM=$R/real-A-layers.json EXTRA="--search-rounds 1" bench/coexec/run $O/A examples/models/encoder2.onnx > $O/A.log 2>&1
SYNC= PAIRS=emulated ORACLE_FROM=$R/emulated-A-layers.json EXTRA="--search-rounds 1" bench/coexec/run $O/A examples/models/encoder2.onnx >> $O/A.log 2>&1
tar czf $OUT/results.tgz -C $O . && echo finished
