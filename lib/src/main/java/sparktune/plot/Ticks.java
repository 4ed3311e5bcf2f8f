package sparktune.plot;

import java.util.Locale;

/** "Nice" axis numbers: round tick steps and short labels. */
final class Ticks {
  private Ticks() {}

  /** Tick positions at a 1/2/5 x 10^k step covering [lo, hi] (lo < hi), about 5-10 of them. */
  static double[] covering(double lo, double hi) {
    double raw = (hi - lo) / 6;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = mag;
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * mag >= raw) {
        step = m * mag;
        break;
      }
    }
    double start = Math.floor(lo / step) * step;
    double end = Math.ceil(hi / step) * step;
    int n = (int) Math.round((end - start) / step) + 1;
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = start + i * step;
    }
    return t;
  }

  /** The smallest of 1, 2, 2.5, 5 x 10^k that is >= v (1 for v <= 0). */
  static double ceil(double v) {
    if (v <= 0) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }

  /** A short label: whole numbers bare, up to 4 decimals without trailing zeros, scientific outside [1e-3, 1e5). */
  static String label(double v) {
    double a = Math.abs(v);
    if (a == 0) {
      return "0";
    }
    if (a >= 1e5 || a < 1e-3) {
      return String.format(Locale.ROOT, "%.1e", v);
    }
    if (Math.abs(v - Math.rint(v)) < 1e-9) {
      return String.format(Locale.ROOT, "%d", (long) Math.rint(v));
    }
    String s = String.format(Locale.ROOT, "%.4f", v);
    return s.replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
