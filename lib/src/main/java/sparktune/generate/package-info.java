/** Text generation: decoding strategies over next-token logits, with or without a KV cache. */
package sparktune.generate;
