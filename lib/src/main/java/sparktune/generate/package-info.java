/** Text generation: decoding strategies over next-token logits, with or without a KV cache, one prompt or a batch of prompts at a time. */
package sparktune.generate;
