/** The token shard format shared by tokenize (writer), train and evaluate (readers). */
package sparktune.shards;
