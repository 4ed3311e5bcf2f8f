/** Byte-level BPE tokenizers: Hugging Face-identical encoding, GPT-2's vocabulary, BPE training. */
package sparktune.tokenizer;
