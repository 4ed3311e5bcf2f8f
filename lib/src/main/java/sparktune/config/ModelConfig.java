package sparktune.config;

/**
 * {@code model}: where the model comes from, and the size of a scratch model.
 *
 * @param init {@code scratch} or a Hugging Face model directory (local or s3a://)
 * @param nLayer transformer blocks (default 4)
 * @param nHead attention heads; must divide nEmbd (default 4)
 * @param nEmbd embedding width (default 256)
 * @param nPositions maximum context (default 1024)
 * @param dropout dropout probability for embeddings, attention and residuals (default 0.1)
 * @param layerNormEpsilon LayerNorm epsilon (default 1e-5)
 */
public record ModelConfig(String init, int nLayer, int nHead, int nEmbd, int nPositions, double dropout, double layerNormEpsilon) {
  public static final String SCRATCH = "scratch";

  public ModelConfig {
    if (nEmbd % nHead != 0) {
      throw ConfigError.invalid("model.n-embd", nEmbd, "must be divisible by model.n-head " + nHead);
    }
  }

  public boolean fromScratch() {
    return SCRATCH.equals(init);
  }

  static ModelConfig from(Settings s) {
    return new ModelConfig(
        s.string("init"),
        s.intIn("n-layer", 1, 256),
        s.intIn("n-head", 1, 256),
        s.intIn("n-embd", 8, 65536),
        s.intIn("n-positions", 8, 65536),
        s.doubleIn("dropout", 0, 0.9),
        s.doubleIn("layer-norm-epsilon", 1e-12, 1e-1));
  }
}
