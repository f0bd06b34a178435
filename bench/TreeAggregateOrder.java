// Is Spark's treeAggregate of float vectors deterministic? Sums P partitions' random 835,384-value vectors (the
// reference VAE's parameter count) 20 times with treeAggregate (depth 2) and 20 times collected and added in partition
// order, on local[2], and prints how often treeAggregate's result differs from the ordered sum and how many distinct
// results it gave (docs/scaling.md). Run from the repository root:
//   mvn -B -q -pl vae-core,vae-examples compile dependency:build-classpath -Dmdep.outputFile=cp.txt
//   javac -d /tmp/tagg -cp "$(cat vae-core/cp.txt)" bench/TreeAggregateOrder.java
//   java $SPARK_OPENS -cp "$(cat vae-core/cp.txt):/tmp/tagg" TreeAggregateOrder 4
// (not as a source-file program: Spark's executors cannot deserialize lambdas of a class compiled in memory)
import java.util.*;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.*;

public class TreeAggregateOrder {
    public static void main(String[] args) {
        int parts = Integer.parseInt(args[0]);
        int n = 835_384;
        try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("t")
                .set("spark.ui.enabled", "false"))) {
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < parts; i++) ids.add(i);
            JavaRDD<float[]> vectors = sc.parallelize(ids, parts).map(p -> {
                SplittableRandom r = new SplittableRandom(p);
                float[] v = new float[n];
                for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(6) - 3));
                return v;
            }).cache();
            vectors.count();
            float[] ordered = null;
            long t = System.nanoTime();
            int runs = 20;
            for (int k = 0; k < runs; k++) {
                List<float[]> all = vectors.collect();
                float[] s = all.get(0).clone();
                for (int p = 1; p < all.size(); p++) for (int i = 0; i < n; i++) s[i] += all.get(p)[i];
                if (ordered == null) ordered = s;
                else if (!Arrays.equals(ordered, s)) System.out.println("collect run differs!");
            }
            double collectMs = (System.nanoTime() - t) / 1e6 / runs;
            Set<Integer> distinct = new HashSet<>();
            int differ = 0;
            t = System.nanoTime();
            for (int k = 0; k < runs; k++) {
                float[] s = vectors.treeAggregate(new float[n], (a, b) -> { for (int i = 0; i < n; i++) a[i] += b[i]; return a; },
                        (a, b) -> { for (int i = 0; i < n; i++) a[i] += b[i]; return a; }, 2);
                distinct.add(Arrays.hashCode(s));
                if (!Arrays.equals(ordered, s)) differ++;
            }
            double treeMs = (System.nanoTime() - t) / 1e6 / runs;
            System.out.printf("%d partitions: collect+ordered sum %.1f ms, treeAggregate %.1f ms; treeAggregate differs from the ordered sum in %d of %d runs, %d distinct results%n",
                    parts, collectMs, treeMs, differ, runs, distinct.size());
        }
    }
}
