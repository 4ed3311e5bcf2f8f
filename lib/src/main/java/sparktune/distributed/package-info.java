/** Data-parallel training across Spark executors: DiLoCo rounds, sharded reduction and outer step, round checkpoints. */
package sparktune.distributed;
