/** The run folder's formats, read by train, evaluate and report: checkpoints and their integrity, the best checkpoint, metrics.jsonl, the tokenizer files a checkpoint carries. */
package sparktune.run;
