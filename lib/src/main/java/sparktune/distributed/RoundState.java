package sparktune.distributed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * {@code round_state.json} in a distributed checkpoint: where the run stands after {@code rounds}
 * completed rounds. With the checkpoint's weights, outer momentum and inner states it is the whole
 * input of the next round.
 *
 * @param rounds rounds completed (the next round to run)
 * @param step inner steps per worker so far (rounds * H)
 * @param workers N
 * @param innerSteps H
 * @param position the next round's start in the sequence stream (all workers' chunks before it read)
 * @param epoch epoch of {@code position}
 * @param offset offset of {@code position} within its epoch
 * @param tokens target tokens trained on, all workers
 * @param seconds training seconds so far
 * @param innerUpdates per worker: optimizer update count of its inner state file {@code inner-W.safetensors}
 * @param innerLossScales per worker: its fp16 loss scale (1 in fp32; absent in older checkpoints)
 * @param innerGoodSteps per worker: its fp16 clean steps since the last scale change
 * @param outer outer optimizer kind
 * @param config the resolved config (JSON)
 */
public record RoundState(
    int rounds,
    long step,
    int workers,
    int innerSteps,
    long position,
    int epoch,
    long offset,
    long tokens,
    double seconds,
    List<Long> innerUpdates,
    List<Double> innerLossScales,
    List<Integer> innerGoodSteps,
    String outer,
    JsonNode config) {
  public static final String FILE = "round_state.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  public String toJson() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static RoundState parse(String json, String where) {
    try {
      return JSON.readValue(json, RoundState.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot read " + where + ": " + e.getOriginalMessage(), e);
    }
  }
}
