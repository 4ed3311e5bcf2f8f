/** GPT-2 as DJL blocks (PyTorch engine), its KV cache, Hugging Face checkpoint interchange (safetensors) and the checksums that guard a model directory. */
package sparktune.model;
