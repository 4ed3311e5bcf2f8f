/** Which PyTorch native library a JVM loads (the bundled CUDA one on a GPU node, the bundled CPU one elsewhere) and the level of its C++ log lines. */
package sparktune.natives;
