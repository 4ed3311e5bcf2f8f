/** GPT-2 as DJL blocks (PyTorch engine), its KV cache, and Hugging Face checkpoint interchange (safetensors). */
package sparktune.model;
