# one device session (2026-11-24, night): the emulated pair's large layers with the reworked vector conv kernels for PoCL
# (a row per work-item, two vectors of pixels, 1x1 convs as products), then MobileNetV2's layers and its oracle plan.
#   PART=large|mobilenet|encoder|real  (each fits one 10-minute call; real: the large layers on Java + the H100); SYNC=1 adds SyncBench to the large layers
set -u
O=/tmp/res; rm -rf $O; mkdir -p $O
case ${PART:-large} in
  large)     PAIRS=emulated SYNC=${SYNC-} EXTRA="--warmup-ms 300" bench/coexec/run $O/large ;;
  mobilenet) PAIRS=emulated SYNC= LARGE= STEP=0.1 EXTRA="--warmup-ms 200" bench/coexec/run $O/mb examples/models/mobilenet_v2.onnx ;;
  real)      PAIRS=real SYNC=${SYNC-} EXTRA="--warmup-ms 300" bench/coexec/run $O/real ;;   # the large layers, H100
  encoder)   PAIRS=emulated SYNC= LARGE= EXTRA="--warmup-ms 300" bench/coexec/run $O/enc examples/models/encoder2.onnx ;;
esac
tar czf $OUT/results.tgz -C $O . && echo finished
