package gradlab.mnist.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One epoch's line of the history: mean training loss over its batches, validation loss (mean over examples) and
 * accuracy (a fraction), wall-clock seconds, and the lr it trained with. Validation figures are null when the run
 * has no validation set ({@code --val-split 0}).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EpochRecord(
        @JsonProperty("epoch") int epoch,
        @JsonProperty("train_loss") double trainLoss,
        @JsonProperty("val_loss") Double valLoss,
        @JsonProperty("val_accuracy") Double valAccuracy,
        @JsonProperty("seconds") double seconds,
        @JsonProperty("lr") double lr) {
}
