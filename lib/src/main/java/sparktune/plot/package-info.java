/** PNG line and bar plots drawn with Java2D (training curves, metric comparisons). */
package sparktune.plot;
