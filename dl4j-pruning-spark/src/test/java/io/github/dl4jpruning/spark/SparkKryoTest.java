package io.github.dl4jpruning.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dl4jpruning.criteria.Criteria;
import io.github.dl4jpruning.pruning.PruningConfig;
import io.github.dl4jpruning.schedule.PruningSchedule;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The cycle with Kryo and ND4J's registrator, as DL4J recommends for Spark: the broadcast masks, the accumulator and
 * the cached RDD go through Kryo (with the add-opens of the module's argLine on Java 17).
 */
class SparkKryoTest {

    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("SparkKryoTest")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "localhost")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator");
        sc = new JavaSparkContext(conf);
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @Test
    void masksAndStatisticsTravelThroughKryo() {
        var train = SparkFixture.rdd(sc, SparkFixture.randomData(32, 12, 3, 9));
        SparkPruning pruning = SparkPruning.builder(PruningConfig.builder().criterion(Criteria.energyAware()).build())
                .schedule(PruningSchedule.oneShot(0, 0.5))
                .build(sc, SparkMaskHoldingTest.net(new Adam(0.01)), SparkFixture.master(RDDTrainingApproach.Direct));

        assertThat(pruning.fit(train)).isPresent();
        pruning.fit(train);

        assertThat(pruning.statistics().get("input").samples()).isEqualTo(512);
        assertThat(pruning.resurrectedWeights()).isZero();
        assertThat(pruning.verify().ok()).isTrue();
    }
}
