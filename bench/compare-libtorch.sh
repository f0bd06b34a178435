#!/usr/bin/env bash
# Runs the vae4j training benchmark and the libtorch anchor (../shared/anchors/libtorch-vae) alternately on the
# same machine, PAIRS times, and prints the ratio vae4j / libtorch of the median seconds per epoch for each pair and
# the median of those ratios, with peak RSS beside each.
#
# usage: bench/compare-libtorch.sh [PAIRS] [EPOCHS] [VAE4J_THREADS] [LIBTORCH_THREADS]
# defaults: 3 pairs, 3 epochs, 1 thread for vae4j, 2 threads for libtorch (each engine's fastest setting on 2 cores).
# MNIST: VAE4J_MNIST_DIR, else ../shared/data/mnist, else vae4j's cache ~/.vae4j/data/mnist.
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-3}; epochs=${2:-3}; vt=${3:-1}; lt=${4:-2}
anchor_src=../shared/anchors/libtorch-vae
[ -d "$anchor_src" ] || { echo "no libtorch anchor at $anchor_src" >&2; exit 2; }
mnist=${VAE4J_MNIST_DIR:-}
if [ -z "$mnist" ]; then
  if [ -d ../shared/data/mnist ]; then mnist=$(cd ../shared/data/mnist && pwd); else mnist=$HOME/.vae4j/data/mnist; fi
fi
work=target/bench; mkdir -p "$work"
echo "building vae4j and the anchor..."
mvn -B -q package -DskipTests
rm -rf "$work/anchor" && cp -r "$anchor_src" "$work/anchor"
(cd "$work/anchor" && mvn -B -q package)
jar_cp="vae-examples/target/vae-examples.jar:vae-examples/target/lib/*"
ratios=()
cpu_ratios=()
peak() { grep "Maximum resident" "$1" | awk '{print int($6/1024)}'; }
median() { sort -g | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# median over epochs of the process CPU seconds each engine reports per epoch (steadier than wall time under load)
cpu() { grep '^epoch .* cpu_sec ' "$1" | sed 's/.* cpu_sec \([0-9.]*\).*/\1/' | median; }
for i in $(seq 1 "$pairs"); do
  /usr/bin/time -v java -Xmx2g -Xmn32m -XX:+UseSerialGC -cp "$jar_cp" org.vae4j.examples.benchmark.TrainingBenchmark \
      --epochs "$epochs" --threads "$vt" --mnist-dir "$mnist" > "$work/vae4j-$i.log" 2>&1
  /usr/bin/time -v java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$work/anchor/target/anchor-libtorch.jar" \
      "$mnist" --epochs "$epochs" --threads "$lt" > "$work/libtorch-$i.log" 2>&1
  v=$(grep '^RESULT' "$work/vae4j-$i.log" | sed 's/.*sec_per_epoch_median=\([0-9.]*\).*/\1/')
  l=$(grep '^RESULT' "$work/libtorch-$i.log" | sed 's/.*sec_per_epoch_median=\([0-9.]*\).*/\1/')
  r=$(awk -v a="$v" -v b="$l" 'BEGIN{printf "%.3f", a/b}')
  ratios+=("$r")
  vc=$(cpu "$work/vae4j-$i.log"); lc=$(cpu "$work/libtorch-$i.log")
  rc=$(awk -v a="$vc" -v b="$lc" 'BEGIN{printf "%.3f", a/b}')
  cpu_ratios+=("$rc")
  echo "pair $i: vae4j ${v}s/epoch (peak $(peak "$work/vae4j-$i.log") MB)  libtorch ${l}s/epoch (peak $(peak "$work/libtorch-$i.log") MB)  ratio $r;  CPU s/epoch vae4j $vc libtorch $lc ratio $rc"
done
echo "median ratio vae4j/libtorch seconds per epoch: $(printf '%s\n' "${ratios[@]}" | median) (logs in $work)"
echo "median ratio vae4j/libtorch CPU seconds per epoch: $(printf '%s\n' "${cpu_ratios[@]}" | median)"
