/** Which PyTorch native library a JVM loads: the bundled CUDA one on a GPU node, the bundled CPU one elsewhere. */
package sparktune.natives;
