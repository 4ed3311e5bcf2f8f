/** The evaluate stage's work: the executor-side perplexity and generation tasks and their model cache, the sweep units, prompts, eval table and report writing that the stage runs. */
package sparktune.evaluate;
