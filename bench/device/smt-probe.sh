# Do the emulated pair's two halves (PoCL on cores 0-7, Java on 8-15) share physical cores? Prints the topology
# (lscpu, each CPU's SMT siblings), then times the CPU kernels (CpuKernelBench at 8 threads: a compute-bound 512³ GEMM
# and the memory-bound 1x4096·4096² GEMV) on a set of cores, alone and beside a compute hog (PyTorch matrix products,
# 8 threads) on another set. If a layout's time grows with the hog beside it, the two sets are not independent.
# Carry .gpu-bench and .bench-jars; run as `source .gpu-bench/env.sh && bash bench/device/smt-probe.sh`.
set -u
O=/tmp/res; rm -rf $O; mkdir -p $O
{ lscpu; lscpu -e; for c in /sys/devices/system/cpu/cpu[0-9]*; do
    echo "$(basename $c): siblings $(cat $c/topology/thread_siblings_list) core $(cat $c/topology/core_id)"; done; } > $O/topology.txt 2>&1
cp=".bench-jars/lib/*"
victim() { # TAG CORES
  for f in 'Gemm 512x' 'Gemm 1x4096'; do
    taskset -c $2 java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "$cp" \
        cgc.runtime.bench.CpuKernelBench 8 "$f" 2>&1 | grep "^Gemm" | sed "s/^/$1 [$2]: /" >> $O/probe.txt
  done
}
hog() { # CORES SECONDS
  taskset -c $1 python3 -c "
import torch, time
torch.set_num_threads(8); a = torch.randn(1024, 1024); t = time.time()
while time.time() - t < $2: a @ a" &
  sleep 3
}
for round in 1 2; do
  victim alone 8-15
  hog 0-7 18; victim hog-0-7 8-15; wait
  victim alone 0-7
  victim alone 0-3,8-11
  hog 0-3,8-11 18; victim hog-0-3,8-11 4-7,12-15; wait
  hog 4-7,12-15 18; victim hog-4-7,12-15 0-7; wait
done
cat $O/topology.txt | head -40; cat $O/probe.txt
cp $O/* $OUT/
