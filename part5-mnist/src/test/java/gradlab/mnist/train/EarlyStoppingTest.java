package gradlab.mnist.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {
    private static List<EpochRecord> history(double[][] trainVal) {
        List<EpochRecord> h = new ArrayList<>();
        for (int i = 0; i < trainVal.length; i++) {
            h.add(new EpochRecord(i + 1, trainVal[i][0], trainVal[i][1], 0.9, 1.0, 0.1));
        }
        return h;
    }

    @Test
    void warnsWhenValidationRisesWhileTrainingFalls() {
        assertThat(EarlyStopping.overfittingWarning(history(new double[][] {{0.5, 0.40}, {0.4, 0.45}})))
                .isEqualTo("warning: validation loss rose (0.4000 -> 0.4500) while training loss fell (0.5000 ->"
                        + " 0.4000): the model may be starting to overfit");
        assertThat(EarlyStopping.overfittingWarning(history(new double[][] {{0.5, 0.40}, {0.6, 0.45}})))
                .as("both rose: not overfitting").isNull();
        assertThat(EarlyStopping.overfittingWarning(history(new double[][] {{0.5, 0.40}, {0.4, 0.35}}))).isNull();
        assertThat(EarlyStopping.overfittingWarning(history(new double[][] {{0.5, 0.40}}))).isNull();
    }

    @Test
    void stopsWhenTheBestValidationLossIsPatienceEpochsOld() {
        List<EpochRecord> h = history(new double[][] {{1, 0.5}, {0.9, 0.4}, {0.8, 0.41}, {0.7, 0.42}});
        assertThat(EarlyStopping.shouldStop(h, 2)).isTrue();   // best at epoch 2, two epochs since
        assertThat(EarlyStopping.shouldStop(h, 3)).isFalse();
        assertThat(EarlyStopping.shouldStop(h, 0)).as("patience 0: off").isFalse();
        assertThat(EarlyStopping.shouldStop(history(new double[][] {{1, 0.5}, {0.9, 0.4}}), 1)).isFalse();
    }

    @Test
    void theBestEpochIsTheFirstWithTheLowestValidationLoss() {
        assertThat(EarlyStopping.bestEpoch(history(new double[][] {{1, 0.5}, {0.9, 0.4}, {0.8, 0.41}})))
                .isEqualTo(2);
        assertThat(EarlyStopping.bestEpoch(history(new double[][] {{1, 0.5}, {0.9, 0.4}, {0.8, 0.4}})))
                .as("a tie keeps the earlier epoch: a later one must be strictly better").isEqualTo(2);
        assertThat(EarlyStopping.bestEpoch(history(new double[][] {{1, 0.5}}))).isEqualTo(1);
        assertThat(EarlyStopping.bestEpoch(List.of())).isNull();
        assertThat(EarlyStopping.bestEpoch(history(new double[][] {{1, Double.NaN}, {0.9, 0.4}, {0.8, 0.5}})))
                .as("a diverged (NaN) first epoch is never the best").isEqualTo(2);
        assertThat(EarlyStopping.bestEpoch(history(new double[][] {{1, Double.NaN}, {0.9, Double.NaN}})))
                .as("only NaN losses: no best epoch").isNull();
        assertThat(EarlyStopping.bestEpoch(List.of(new EpochRecord(1, 0.5, null, null, 1.0, 0.1))))
                .as("no validation set").isNull();
        // a resumed history numbers its epochs from 1 too; stopping counts epochs since the best one
        assertThat(EarlyStopping.shouldStop(history(new double[][] {{1, 0.5}, {0.9, 0.4}, {0.8, 0.4}}), 1)).isTrue();
    }
}
