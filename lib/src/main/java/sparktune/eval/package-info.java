/** Evaluation: exact corpus perplexity sums, generation metrics and the eval table's rows. */
package sparktune.eval;
