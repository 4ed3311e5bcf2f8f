/** Data-parallel training across Spark executors: DiLoCo rounds, outer optimizer, round checkpoints. */
package sparktune.distributed;
