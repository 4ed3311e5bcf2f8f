/** The {@code sparktune} command line: argument parsing, usage, and dispatch to the jobs. */
package sparktune.cli;
