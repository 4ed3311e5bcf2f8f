/** One class per pipeline stage: read config, read inputs, call lib, write outputs, print a summary. */
package sparktune.jobs;
