/** The pipeline stages, one class each (read config, read inputs, call lib, write outputs, return a summary), and what runs them in one Spark session. */
package sparktune.jobs;
