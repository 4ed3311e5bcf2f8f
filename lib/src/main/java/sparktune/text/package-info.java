/** Pure text functions: hashing, decoding, the text-validity rule, markup stripping, normalization, quality filters, MinHash LSH. */
package sparktune.text;
