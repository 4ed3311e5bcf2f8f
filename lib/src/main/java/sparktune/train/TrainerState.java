package sparktune.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * {@code trainer_state/state.json} of a checkpoint: everything besides weights and optimizer moments
 * that a resumed run needs to continue exactly.
 *
 * @param step optimizer steps completed
 * @param epoch data cursor: epoch
 * @param position data cursor: sequences consumed in that epoch's shuffled order
 * @param adamUpdates AdamW updates applied (bias correction t; lower than step after fp16 skips)
 * @param tokens target tokens trained on so far
 * @param seconds training seconds so far
 * @param lossScale fp16 loss scale (1 for fp32)
 * @param goodSteps fp16 clean steps since the last scale change
 * @param seed train.seed: data order from (seed, epoch), dropout from (seed, step)
 * @param schedule the learning-rate schedule
 * @param tokenizerSha256 sha256 of the tokenizer.json the shards were built with
 * @param config the resolved configuration (JSON)
 */
public record TrainerState(
    long step,
    int epoch,
    long position,
    long adamUpdates,
    long tokens,
    double seconds,
    double lossScale,
    int goodSteps,
    long seed,
    LrSchedule schedule,
    String tokenizerSha256,
    String config) {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public DataCursor cursor() {
    return new DataCursor(epoch, position);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static TrainerState parse(String json, String where) {
    try {
      return JSON.readValue(json, TrainerState.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot read trainer state " + where + ": " + e.getOriginalMessage(), e);
    }
  }
}
