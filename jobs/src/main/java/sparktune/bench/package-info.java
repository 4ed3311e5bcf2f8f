/** {@code sparktune bench <what>}: the throughput, memory and traffic benchmarks, each on data or models it generates. */
package sparktune.bench;
