package sparktune.train;

/**
 * What one optimizer step did.
 *
 * @param loss mean training loss per target token (label smoothing included)
 * @param gradNorm global gradient L2 norm before clipping (unscaled)
 * @param tokens target tokens that counted in the loss
 * @param applied false when fp16 overflow made the step skip its update
 */
public record StepResult(double loss, double gradNorm, long tokens, boolean applied) {}
