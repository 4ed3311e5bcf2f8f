/** Source readers (one per source type), the documents/clean/rejects schemas and the input checks. */
package sparktune.corpus;
