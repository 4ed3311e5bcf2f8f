package sparktune.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Insets;
import java.util.List;
import java.util.Locale;

/**
 * A grouped bar chart as PNG bytes: one group of bars per category on the x axis, one bar per series
 * in each group, y from 0 to a round number over the largest value, a legend right of the plot.
 */
public final class BarPlot {
  /** One bar per category: the legend name, one value per category (NaN: no bar), color. */
  public record Series(String name, double[] values, Color color) {}

  /** Distinguishable colors for series, in order. */
  public static final List<Color> PALETTE = List.of(new Color(31, 119, 180), new Color(255, 127, 14),
      new Color(44, 160, 44), new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75),
      new Color(227, 119, 194), new Color(127, 127, 127));

  private static final int W = 800;
  private static final int H = 460;
  private static final Insets MARGINS = new Insets(50, 70, 70, 170); // top, left, bottom, right; the legend sits right

  private BarPlot() {}

  /** Renders the bars; each series holds one value per category, in order. */
  public static byte[] png(String title, String yLabel, List<String> categories, List<Series> series) {
    PlotFrame frame = new PlotFrame(W, H, MARGINS);
    double max = 0;
    for (Series s : series) {
      for (double v : s.values()) {
        if (Double.isFinite(v)) {
          max = Math.max(max, v);
        }
      }
    }
    double yMax = Ticks.ceil(max);
    double[] ticks = new double[6];
    for (int i = 0; i <= 5; i++) {
      ticks[i] = yMax * i / 5;
    }
    frame.yAxis(ticks, t -> String.format(Locale.ROOT, yMax >= 10 ? "%.0f" : "%.2f", t), false);
    int left = frame.left();
    int top = frame.top();
    int pw = frame.plotWidth();
    int ph = frame.plotHeight();
    Graphics2D g = frame.graphics();
    int groups = Math.max(1, categories.size());
    double groupW = (double) pw / groups;
    double barW = groupW * 0.8 / Math.max(1, series.size());
    for (int c = 0; c < categories.size(); c++) {
      double gx = left + c * groupW + groupW * 0.1;
      for (int s = 0; s < series.size(); s++) {
        double v = series.get(s).values()[c];
        if (!Double.isFinite(v)) {
          continue;
        }
        int h = (int) Math.round(v / yMax * ph);
        g.setColor(series.get(s).color());
        g.fillRect((int) Math.round(gx + s * barW), frame.bottom() - h, (int) Math.max(1, Math.round(barW) - 1), h);
      }
      frame.xTickLabel(left + (c + 0.5) * groupW, categories.get(c));
    }
    frame.border();
    for (int s = 0; s < series.size(); s++) {
      int ly = top + 10 + s * 20;
      g.setColor(series.get(s).color());
      g.fillRect(left + pw + 15, ly, 12, 12);
      g.setColor(Color.BLACK);
      g.drawString(series.get(s).name(), left + pw + 32, ly + 11);
    }
    frame.title(title, 15, 20, false);
    frame.yLabel(yLabel, 12, 18);
    return frame.png();
  }
}
