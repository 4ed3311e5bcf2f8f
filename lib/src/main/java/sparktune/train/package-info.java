/** Single-worker GPT training: data batches, AdamW, schedules, loss, checkpoints, metrics. */
package sparktune.train;
