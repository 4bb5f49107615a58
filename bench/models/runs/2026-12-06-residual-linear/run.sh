export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
cd /work/main
for round in 1 2 3; do
  for v in old new; do
    java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp /tmp/ab/$v.plan.jar cgc.runtime.bench.PlanBench /tmp/ab/$v.plan.jar examples/models/encoder2.input.npy --device cpu-only --threads 2 --runs 300 --warmup-ms 3000 2>/dev/null | sed "s/^{/{\"version\": \"$v\", \"round\": $round, /" >> /tmp/ab/ab.jsonl
  done
done
for v in old new; do
  java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp /tmp/ab/$v.plan.jar cgc.runtime.bench.PlanBench /tmp/ab/$v.plan.jar examples/models/encoder2.input.npy --device cpu-only --threads 2 --runs 200 --warmup-ms 3000 --profile 2>/dev/null | sed "s/^{/{\"version\": \"$v\", /" >> /tmp/ab/profile.jsonl
done
echo done >> /tmp/ab/ab.jsonl
