/** Seeded synthetic sample corpora in the seed datasets' layouts, with their exact log-probabilities. */
package sparktune.samples;
