/** Spark transforms of the data stages (ingest, clean, split) and the refresh of their Delta tables. */
package sparktune.prep;
