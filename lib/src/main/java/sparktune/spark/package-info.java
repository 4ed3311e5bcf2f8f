/** Spark session set-up, the warehouse layout, file access through Hadoop file systems and local scratch trees. */
package sparktune.spark;
