/** Pure text functions: hashing, decoding, markup stripping, normalization, quality filters, MinHash LSH. */
package sparktune.text;
