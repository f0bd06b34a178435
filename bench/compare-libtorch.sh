#!/usr/bin/env bash
# Runs the vae4j training benchmark and the libtorch anchor (../shared/anchors/libtorch-vae) alternately on the
# same machine, PAIRS times, and prints the ratio vae4j / libtorch of the median seconds per epoch for each pair and
# the median of those ratios, with peak RSS beside each.
#
# Then it times the matrix products of one update at the model's shapes (ArithmeticLimit) and prints vae4j's
# milliseconds per update against that floor, then what a second thread adds on this machine (CoreScaling); and, when Debian's python3-torch is installed, it runs the
# convolutional VAE (ConvEncoder.of(32, 64) / ConvDecoder.of(32, 64)) against the same network in PyTorch
# (../shared/anchors/pytorch-vae/bench.py --arch conv) alternately, CONV_PAIRS times, with the same ratios.
#
# usage: bench/compare-libtorch.sh [PAIRS] [EPOCHS] [VAE4J_THREADS] [LIBTORCH_THREADS] [CONV_PAIRS] [CONV_EPOCHS]
# defaults: 3 pairs, 3 epochs, 2 threads for vae4j and for libtorch (each engine's fastest setting on 2 cores);
# 1 conv pair of 1 epoch each (0 skips them), vae4j on VAE4J_CONV_THREADS (default 2) threads, PyTorch on 2 threads.
# vae4j runs on ND4J's native build ND4J_CLASSIFIER (default: the pom's nd4j.classifier, the oneDNN build; e.g.
# ND4J_CLASSIFIER=linux-x86_64 for the plain build), printed first.
# MNIST: VAE4J_MNIST_DIR, else ../shared/data/mnist, else vae4j's cache ~/.vae4j/data/mnist.
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-3}; epochs=${2:-3}; vt=${3:-2}; lt=${4:-2}; conv_pairs=${5:-1}; conv_epochs=${6:-1}
ct=${VAE4J_CONV_THREADS:-2}
anchor_src=../shared/anchors/libtorch-vae
[ -d "$anchor_src" ] || { echo "no libtorch anchor at $anchor_src" >&2; exit 2; }
mnist=${VAE4J_MNIST_DIR:-}
if [ -z "$mnist" ]; then
  if [ -d ../shared/data/mnist ]; then mnist=$(cd ../shared/data/mnist && pwd); else mnist=$HOME/.vae4j/data/mnist; fi
fi
work=target/bench; mkdir -p "$work"
echo "building vae4j and the anchor..."
mvn -B -q package -DskipTests ${ND4J_CLASSIFIER:+-Dnd4j.classifier=$ND4J_CLASSIFIER}
rm -rf "$work/anchor" && cp -r "$anchor_src" "$work/anchor"
(cd "$work/anchor" && mvn -B -q package)
jar_cp="vae-examples/target/vae-examples.jar:vae-examples/target/lib/*"
build=$(ls vae-examples/target/lib | sed -n 's/^nd4j-native-[0-9][^-]*-M[0-9.]*-\(.*\)\.jar$/\1/p')
echo "vae4j's native build: nd4j-native $build"
ratios=()
cpu_ratios=()
peak() { grep "Maximum resident" "$1" | awk '{print int($6/1024)}'; }
# field FILE KEY: the number after KEY= on FILE's RESULT line
field() { grep '^RESULT' "$1" | sed "s/.*[ ]$2=\\([0-9.]*\\).*/\\1/"; }
median() { sort -g | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# median over epochs of the process CPU seconds each engine reports per epoch (steadier than wall time under load)
cpu() { grep '^epoch .* cpu_sec ' "$1" | sed 's/.* cpu_sec \([0-9.]*\).*/\1/' | median; }
for i in $(seq 1 "$pairs"); do
  /usr/bin/time -v java -Xmx2g -Xmn32m -XX:+UseSerialGC --add-modules jdk.incubator.vector -cp "$jar_cp" org.vae4j.examples.benchmark.TrainingBenchmark \
      --epochs "$epochs" --threads "$vt" --mnist-dir "$mnist" > "$work/vae4j-$i.log" 2>&1
  /usr/bin/time -v java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$work/anchor/target/anchor-libtorch.jar" \
      "$mnist" --epochs "$epochs" --threads "$lt" > "$work/libtorch-$i.log" 2>&1
  v=$(field "$work/vae4j-$i.log" sec_per_epoch_median)
  l=$(field "$work/libtorch-$i.log" sec_per_epoch_median)
  r=$(awk -v a="$v" -v b="$l" 'BEGIN{printf "%.3f", a/b}')
  ratios+=("$r")
  vc=$(cpu "$work/vae4j-$i.log"); lc=$(cpu "$work/libtorch-$i.log")
  rc=$(awk -v a="$vc" -v b="$lc" 'BEGIN{printf "%.3f", a/b}')
  cpu_ratios+=("$rc")
  echo "pair $i: vae4j ($vt thread(s)) ${v}s/epoch (peak $(peak "$work/vae4j-$i.log") MB)  libtorch ($lt thread(s)) ${l}s/epoch (peak $(peak "$work/libtorch-$i.log") MB)  ratio $r;  CPU s/epoch vae4j $vc libtorch $lc ratio $rc"
done
echo "median ratio vae4j/libtorch seconds per epoch: $(printf '%s\n' "${ratios[@]}" | median) (logs in $work)"
echo "median ratio vae4j/libtorch CPU seconds per epoch: $(printf '%s\n' "${cpu_ratios[@]}" | median)"

# the floor: the update's matrix products alone, at the model's shapes, on 1 and 2 threads
java -Xmx1g -Xmn32m -XX:+UseSerialGC --add-modules jdk.incubator.vector -cp "$jar_cp" org.vae4j.examples.benchmark.ArithmeticLimit > "$work/limit.log" 2>&1
l1=$(field "$work/limit.log" limit_ms_t1); l2=$(field "$work/limit.log" limit_ms_t2); best=$(awk -v a="$l1" -v b="$l2" 'BEGIN{print (a < b ? a : b)}')
ms=$(for i in $(seq 1 "$pairs"); do field "$work/vae4j-$i.log" ms_per_update_median; done | median)
echo "matrix products of one update alone: $l1 ms on 1 thread, $l2 ms on 2 ($(field "$work/limit.log" gflop_per_update) GFLOP; $work/limit.log)"
echo "vae4j ms per update (median over pairs): $ms = $(awk -v a="$ms" -v b="$best" 'BEGIN{printf "%.2f", a/b}') x the faster floor ($best ms)"

# what a second thread can add on this machine at all (float FMAs, sgemm, integer work; 2.0 = two independent cores)
java -Xmx1g --add-modules jdk.incubator.vector -cp "$jar_cp" org.vae4j.examples.benchmark.CoreScaling > "$work/cores.log" 2>&1
echo "second thread's throughput, as a multiple of one thread's: fma $(field "$work/cores.log" fma_scaling), sgemm $(field "$work/cores.log" sgemm_scaling), integer $(field "$work/cores.log" integer_scaling) ($work/cores.log)"

# the convolutional VAE against PyTorch itself
if [ "$conv_pairs" -gt 0 ]; then
  if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    echo "conv pairs skipped: /usr/bin/python3 cannot import torch (apt-get install python3-torch libopenblas0-pthread)"
    exit 0
  fi
  if ! ldconfig -p | grep 'libopenblas\.so\.0' > /dev/null; then  # not -q: with pipefail, ldconfig's SIGPIPE would fail the test
    echo "warning: no libopenblas.so.0: PyTorch falls back to the reference BLAS and runs about twice slower (apt-get install libopenblas0-pthread)"
  fi
  conv_ratios=()
  for i in $(seq 1 "$conv_pairs"); do
    /usr/bin/time -v java -Xmx2g -Xmn32m -XX:+UseSerialGC --add-modules jdk.incubator.vector -cp "$jar_cp" \
        org.vae4j.examples.benchmark.TrainingBenchmark --architecture conv --epochs "$conv_epochs" --threads "$ct" --mnist-dir "$mnist" > "$work/vae4j-conv-$i.log" 2>&1
    /usr/bin/time -v /usr/bin/python3 ../shared/anchors/pytorch-vae/bench.py "$mnist" --arch conv --epochs "$conv_epochs" \
        --threads 2 > "$work/pytorch-conv-$i.log" 2>&1
    v=$(field "$work/vae4j-conv-$i.log" sec_per_epoch_median); p=$(field "$work/pytorch-conv-$i.log" sec_per_epoch_median)
    ve=$(field "$work/vae4j-conv-$i.log" test_neg_elbo); pe=$(field "$work/pytorch-conv-$i.log" test_neg_elbo)
    r=$(awk -v a="$v" -v b="$p" 'BEGIN{printf "%.3f", a/b}')
    conv_ratios+=("$r")
    echo "conv pair $i: vae4j ($ct thread(s)) ${v}s/epoch (peak $(peak "$work/vae4j-conv-$i.log") MB, test neg ELBO $ve)  pytorch (2 threads) ${p}s/epoch (peak $(peak "$work/pytorch-conv-$i.log") MB, $pe)  ratio $r"
  done
  echo "median conv ratio vae4j/pytorch seconds per epoch: $(printf '%s\n' "${conv_ratios[@]}" | median)"
fi
