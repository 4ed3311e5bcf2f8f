package sparktune.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * A line chart as PNG bytes: title, axes with "nice" ticks and labels, one polyline per series and
 * a legend. Drawn headless with Java2D, no dependencies.
 */
public final class LinePlot {
  /** One line: its legend name, points as (x, y) pairs, and color. */
  public record Series(String name, double[][] points, Color color) {}

  public static final Color BLUE = new Color(31, 119, 180);
  public static final Color ORANGE = new Color(255, 127, 14);

  private static final int W = 800;
  private static final int H = 500;
  private static final int LEFT = 80;
  private static final int RIGHT = 30;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;

  private LinePlot() {}

  /** Renders the series (empty series are skipped; with no points an empty frame is drawn). */
  public static byte[] png(String title, String xLabel, String yLabel, List<Series> series) {
    return png(title, xLabel, yLabel, series, null);
  }

  /**
   * As {@link #png(String, String, String, List)}, with x positions 0..n-1 labelled by
   * {@code xCategories} (null or empty: numeric x ticks).
   */
  public static byte[] png(String title, String xLabel, String yLabel, List<Series> series, List<String> categories) {
    List<String> xCategories = categories == null || categories.isEmpty() ? null : categories;
    System.setProperty("java.awt.headless", "true");
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);

    double[] xr = range(series, 0);
    double[] yr = range(series, 1);
    double[] xt = xCategories == null ? ticks(xr[0], xr[1]) : IntStream.range(0, xCategories.size()).asDoubleStream().toArray();
    double[] yt = ticks(yr[0], yr[1]);
    // categories sit at whole positions with half a slot of margin on each side
    double x0 = xCategories == null ? xt[0] : -0.5;
    double x1 = xCategories == null ? xt[xt.length - 1] : xCategories.size() - 0.5;
    double y0 = yt[0];
    double y1 = yt[yt.length - 1];
    int pw = W - LEFT - RIGHT;
    int ph = H - TOP - BOTTOM;

    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    for (double t : yt) {
      int py = TOP + ph - (int) Math.round((t - y0) / (y1 - y0) * ph);
      g.setColor(new Color(230, 230, 230));
      g.drawLine(LEFT, py, LEFT + pw, py);
      g.setColor(Color.DARK_GRAY);
      g.drawLine(LEFT - 5, py, LEFT, py);
      String s = label(t);
      g.drawString(s, LEFT - 8 - fm.stringWidth(s), py + fm.getAscent() / 2 - 1);
    }
    for (double t : xt) {
      int px = LEFT + (int) Math.round((t - x0) / (x1 - x0) * pw);
      g.setColor(new Color(230, 230, 230));
      g.drawLine(px, TOP, px, TOP + ph);
      g.setColor(Color.DARK_GRAY);
      g.drawLine(px, TOP + ph, px, TOP + ph + 5);
      String s = xCategories == null ? label(t) : xCategories.get((int) Math.round(t));
      g.drawString(s, px - fm.stringWidth(s) / 2, TOP + ph + 8 + fm.getAscent());
    }
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, TOP, pw, ph);

    g.setStroke(new BasicStroke(2f));
    int legendY = TOP + 18;
    for (Series s : series) {
      if (s.points().length == 0) {
        continue;
      }
      Path2D.Double path = new Path2D.Double();
      for (int i = 0; i < s.points().length; i++) {
        double px = LEFT + (s.points()[i][0] - x0) / (x1 - x0) * pw;
        double py = TOP + ph - (s.points()[i][1] - y0) / (y1 - y0) * ph;
        if (i == 0) {
          path.moveTo(px, py);
        } else {
          path.lineTo(px, py);
        }
      }
      g.setColor(s.color());
      g.draw(path);
      if (s.points().length == 1) {
        int px = (int) (LEFT + (s.points()[0][0] - x0) / (x1 - x0) * pw);
        int py = (int) (TOP + ph - (s.points()[0][1] - y0) / (y1 - y0) * ph);
        g.fillOval(px - 3, py - 3, 7, 7);
      }
      g.drawLine(LEFT + pw - 150, legendY - 4, LEFT + pw - 125, legendY - 4);
      g.setColor(Color.BLACK);
      g.drawString(s.name(), LEFT + pw - 118, legendY);
      legendY += 18;
    }

    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    fm = g.getFontMetrics();
    g.drawString(title, (W - fm.stringWidth(title)) / 2, TOP - 18);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    fm = g.getFontMetrics();
    g.drawString(xLabel, LEFT + (pw - fm.stringWidth(xLabel)) / 2, H - 15);
    g.rotate(-Math.PI / 2);
    g.drawString(yLabel, -(TOP + (ph + fm.stringWidth(yLabel)) / 2), 20);
    g.dispose();

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Min and max of one coordinate over all series; a degenerate range is widened. */
  static double[] range(List<Series> series, int axis) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (double[] p : s.points()) {
        lo = Math.min(lo, p[axis]);
        hi = Math.max(hi, p[axis]);
      }
    }
    if (lo > hi) {
      return new double[] {0, 1};
    }
    if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
      double pad = Math.max(Math.abs(hi) * 0.05, 1e-9);
      return new double[] {lo - pad, hi + pad};
    }
    return new double[] {lo, hi};
  }

  /** Tick positions at a 1/2/5 x 10^k step covering [lo, hi], about 5-10 of them. */
  static double[] ticks(double lo, double hi) {
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
