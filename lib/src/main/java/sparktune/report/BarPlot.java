package sparktune.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A grouped bar chart as PNG bytes (line charts come from {@code sparktune.plot.LinePlot}): one
 * group of bars per category on the x axis, one bar per series in each group, y from 0.
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
  private static final int LEFT = 70;
  private static final int RIGHT = 170;
  private static final int TOP = 50;
  private static final int BOTTOM = 70;

  private BarPlot() {}

  public static byte[] png(String title, String yLabel, List<String> categories, List<Series> series) {
    System.setProperty("java.awt.headless", "true");
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    double max = 0;
    for (Series s : series) {
      for (double v : s.values()) {
        if (Double.isFinite(v)) {
          max = Math.max(max, v);
        }
      }
    }
    double top = niceCeil(max);
    int pw = W - LEFT - RIGHT;
    int ph = H - TOP - BOTTOM;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    for (int i = 0; i <= 5; i++) {
      double t = top * i / 5;
      int py = TOP + ph - (int) Math.round(t / top * ph);
      g.setColor(new Color(230, 230, 230));
      g.drawLine(LEFT, py, LEFT + pw, py);
      g.setColor(Color.DARK_GRAY);
      String s = String.format(Locale.ROOT, top >= 10 ? "%.0f" : "%.2f", t);
      g.drawString(s, LEFT - 8 - fm.stringWidth(s), py + fm.getAscent() / 2 - 1);
    }
    int groups = Math.max(1, categories.size());
    double groupW = (double) pw / groups;
    double barW = groupW * 0.8 / Math.max(1, series.size());
    for (int c = 0; c < categories.size(); c++) {
      double gx = LEFT + c * groupW + groupW * 0.1;
      for (int s = 0; s < series.size(); s++) {
        double v = series.get(s).values()[c];
        if (!Double.isFinite(v)) {
          continue;
        }
        int h = (int) Math.round(v / top * ph);
        g.setColor(series.get(s).color());
        g.fillRect((int) Math.round(gx + s * barW), TOP + ph - h, (int) Math.max(1, Math.round(barW) - 1), h);
      }
      String label = categories.get(c);
      g.setColor(Color.DARK_GRAY);
      g.drawString(label, (int) Math.round(LEFT + (c + 0.5) * groupW - fm.stringWidth(label) / 2.0), TOP + ph + 8 + fm.getAscent());
    }
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, TOP, pw, ph);
    for (int s = 0; s < series.size(); s++) {
      int ly = TOP + 10 + s * 20;
      g.setColor(series.get(s).color());
      g.fillRect(LEFT + pw + 15, ly, 12, 12);
      g.setColor(Color.BLACK);
      g.drawString(series.get(s).name(), LEFT + pw + 32, ly + 11);
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(title, LEFT, TOP - 20);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.rotate(-Math.PI / 2);
    g.drawString(yLabel, -(TOP + ph / 2 + g.getFontMetrics().stringWidth(yLabel) / 2), 18);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The smallest of 1, 2, 2.5, 5 x 10^k that is >= v (1 for v <= 0). */
  static double niceCeil(double v) {
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
}
