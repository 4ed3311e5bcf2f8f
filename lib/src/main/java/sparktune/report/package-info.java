/** The static HTML evaluation report and the run comparison; their PNG plots come from sparktune.plot. */
package sparktune.report;
