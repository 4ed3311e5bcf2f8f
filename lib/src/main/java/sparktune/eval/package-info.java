/** Evaluation: exact corpus perplexity sums, generation metrics and the eval table's rows and their keys. */
package sparktune.eval;
