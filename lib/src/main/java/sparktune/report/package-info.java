/** The static HTML evaluation report and its PNG plots. */
package sparktune.report;
