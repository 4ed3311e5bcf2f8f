/** PNG line plots drawn with Java2D (training curves). */
package sparktune.plot;
