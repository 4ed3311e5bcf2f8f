package sparktune.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Insets;
import java.awt.geom.Path2D;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A line chart as PNG bytes: title, axes with "nice" ticks and labels, one polyline per series and
 * a legend. Drawn headless with Java2D on a {@link PlotFrame}, no dependencies.
 */
public final class LinePlot {
  /** One line: its legend name, points as (x, y) pairs, and color. */
  public record Series(String name, double[][] points, Color color) {}

  public static final Color BLUE = new Color(31, 119, 180);
  public static final Color ORANGE = new Color(255, 127, 14);

  private static final int W = 800;
  private static final int H = 500;
  private static final Insets MARGINS = new Insets(50, 80, 60, 30); // top, left, bottom, right

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
    PlotFrame frame = new PlotFrame(W, H, MARGINS);
    int left = frame.left();
    double[] xr = range(series, 0);
    double[] yr = range(series, 1);
    double[] xt = xCategories == null ? Ticks.covering(xr[0], xr[1]) : IntStream.range(0, xCategories.size()).asDoubleStream().toArray();
    // categories sit at whole positions with half a slot of margin on each side
    double x0 = xCategories == null ? xt[0] : -0.5;
    double x1 = xCategories == null ? xt[xt.length - 1] : xCategories.size() - 0.5;
    int pw = frame.plotWidth();
    frame.yAxis(Ticks.covering(yr[0], yr[1]), Ticks::label, true);
    for (double t : xt) {
      int px = left + (int) Math.round((t - x0) / (x1 - x0) * pw);
      frame.xGridLine(px);
      frame.xTickLabel(px, xCategories == null ? Ticks.label(t) : xCategories.get((int) Math.round(t)));
    }
    frame.border();

    Graphics2D g = frame.graphics();
    g.setStroke(new BasicStroke(2f));
    int legendY = frame.top() + 18;
    for (Series s : series) {
      if (s.points().length == 0) {
        continue;
      }
      Path2D.Double path = new Path2D.Double();
      for (int i = 0; i < s.points().length; i++) {
        double px = left + (s.points()[i][0] - x0) / (x1 - x0) * pw;
        double py = frame.y(s.points()[i][1]);
        if (i == 0) {
          path.moveTo(px, py);
        } else {
          path.lineTo(px, py);
        }
      }
      g.setColor(s.color());
      g.draw(path);
      if (s.points().length == 1) {
        int px = (int) (left + (s.points()[0][0] - x0) / (x1 - x0) * pw);
        int py = (int) frame.y(s.points()[0][1]);
        g.fillOval(px - 3, py - 3, 7, 7);
      }
      g.drawLine(left + pw - 150, legendY - 4, left + pw - 125, legendY - 4);
      g.setColor(Color.BLACK);
      g.drawString(s.name(), left + pw - 118, legendY);
      legendY += 18;
    }

    frame.title(title, 16, 18, true);
    frame.xLabel(xLabel, 13, 15);
    frame.yLabel(yLabel, 13, 20);
    return frame.png();
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
}
