/** GPT training: the training loop (optimizers, precision, schedules, batches) that single-worker training and every distributed worker run, checkpoints, metrics. */
package sparktune.train;
