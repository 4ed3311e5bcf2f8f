package sparktune.config;

import java.util.List;

/**
 * {@code demo}: what {@code sparktune demo} does after preparing the data: train from scratch on
 * {@code pretrainSources}, then fine-tune that model on {@code finetuneSources}.
 *
 * @param samplesDir where the sample corpora are written (default demo/samples)
 * @param pretrainSources sources of the from-scratch run
 * @param finetuneSources sources of the fine-tuning run
 * @param pretrainSteps optimizer steps from scratch
 * @param finetuneSteps optimizer steps of fine-tuning
 * @param finetuneLr learning rate of fine-tuning
 */
public record DemoConfig(String samplesDir, List<String> pretrainSources, List<String> finetuneSources,
    int pretrainSteps, int finetuneSteps, double finetuneLr) {

  public DemoConfig {
    pretrainSources = List.copyOf(pretrainSources);
    finetuneSources = List.copyOf(finetuneSources);
  }

  static DemoConfig from(Settings s) {
    return new DemoConfig(
        s.string("samples-dir"),
        s.strings("pretrain-sources"),
        s.strings("finetune-sources"),
        s.intIn("pretrain-steps", 1, 10_000_000),
        s.intIn("finetune-steps", 1, 10_000_000),
        s.doubleIn("finetune-lr", 0, 10));
  }
}
