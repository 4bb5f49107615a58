# Shared by chains.sh and chains-shares.sh; sourced, not run. The emulated unified-memory pair (PoCL 8 threads on
# cores 0-7 as the GPU, Java 8 threads on cores 8-15), results under $O, and:
#   cgc ARGS...          the carried compiler on cores 8-15
#   config NAME REGEX R  a plan of the encoder with the nodes matching REGEX split by rows at share R, every other node
#                        on the CPU ($O/plans/NAME.plan.jar, its config and compile log beside it)
#   blocks               the REGEX of each block from its output projection through the next block's qkv projection
#   planbench FIELD PLAN TAG [java options]
#                        PlanBench of $O/plans/PLAN.plan.jar (8 threads, 300 runs, 3 s warm-up) on cores 8-15, its JSON
#                        line appended to $O/plans.jsonl with "plan" and FIELD: TAG
set -u
source bench/device/pair-env.sh
cgc() { taskset -c 8-15 "${jvm[@]}" -cp "compiler/target/cgc-compiler.jar:compiler/target/lib/*" cgc.cli.Main "$@"; }
model=examples/models/encoder2.onnx; input=examples/models/encoder2.input.npy
blocks='/layers\.[0-9]+/(o/MatMul|n[12]/LayerNormalization|f[12]/MatMul)$|/layers\.[1-9]/qkv/MatMul$'
cgc dump --passes=default $model 2>/dev/null | grep -o '@"[^"]*"$' | tr -d '@"' > $O/nodes.txt
config() { # NAME REGEX R
  python3 - "$O/nodes.txt" "$2" "$3" > $O/plans/$1.json <<'PY'
import json, re, sys
nodes = [l.strip() for l in open(sys.argv[1]) if l.strip()]
print(json.dumps({n: ({"dim": "m", "ratio": float(sys.argv[3])} if re.search(sys.argv[2], n) else "cpu") for n in nodes}))
PY
  cgc compile $model --gpu-kernels vector --split-config $O/plans/$1.json -o $O/plans/$1.plan.jar --verbose \
      > $O/plans/$1.compile.log 2>&1 || echo "compile $1 failed"
}
planbench() { # FIELD PLAN TAG [java options]
  local field=$1 plan=$2 tag=$3; shift 3
  taskset -c 8-15 java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED "$@" -cp $O/plans/$plan.plan.jar \
      cgc.runtime.bench.PlanBench $O/plans/$plan.plan.jar $input --device Portable --threads 8 --runs 300 \
      --warmup-ms 3000 2>>$O/bench.err | sed "s/^{/{\"plan\": \"$plan\", \"$field\": \"$tag\", /" >> $O/plans.jsonl
}
