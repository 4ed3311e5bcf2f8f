/** The static HTML evaluation report, the checkpoint sweep and the run comparison; their PNG plots come from sparktune.plot. */
package sparktune.report;
