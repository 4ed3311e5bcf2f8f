package sparktune.evaluate;

import java.io.Serializable;
import java.util.Map;

/**
 * What executor-side evaluation tasks need, copied out of the config on the driver so no job
 * object is serialized.
 *
 * @param hadoop Hadoop settings for reading non-local model directories (fs.s3a.* and the like)
 * @param fallbackTokenizer tokenizer for model directories without tokenizer files (the shards')
 * @param idBytes bytes per token id in the shards' ids column
 * @param stride sliding-window stride (eval.stride)
 * @param batchSize sequences per forward pass (eval.batch-size)
 * @param maxNewTokens tokens generated per prompt (eval.max-new-tokens)
 * @param embeddingModel eval.embedding-model ("" for the evaluated model's hidden states)
 * @param generationBatchSize prompts decoded together (eval.generation-batch-size)
 */
public record EvalSettings(Map<String, String> hadoop, String fallbackTokenizer, int idBytes, int stride, int batchSize,
    int maxNewTokens, String embeddingModel, int generationBatchSize) implements Serializable {
  public EvalSettings {
    hadoop = Map.copyOf(hadoop);
  }
}
