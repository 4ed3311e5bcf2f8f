/** Spark session set-up, the warehouse layout and file access through Hadoop file systems. */
package sparktune.spark;
