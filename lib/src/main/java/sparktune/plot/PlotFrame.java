package sparktune.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Insets;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.function.DoubleFunction;
import javax.imageio.ImageIO;

/**
 * The frame every plot shares: a white RGB image with a plot area inset by fixed margins (px), a y
 * axis of grid lines and tick labels, labels under the x axis, the area's border, title and axis
 * labels, and the PNG encoding. Plots draw their marks through {@link #graphics()} in between.
 *
 * <p>Text is drawn in a plain 12 pt sans-serif font unless a method takes a size. One frame draws one
 * image: {@link #png()} ends it.
 */
final class PlotFrame {
  private static final Color GRID = new Color(230, 230, 230);

  private final BufferedImage img;
  private final Graphics2D g;
  private final Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  private final int left;
  private final int top;
  private final int plotWidth;
  private final int plotHeight;
  private double y0 = 0;
  private double y1 = 1;

  /** A blank image of {@code width} x {@code height} px; the plot area leaves {@code margins} (px) around it. */
  PlotFrame(int width, int height, Insets margins) {
    System.setProperty("java.awt.headless", "true");
    this.img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    this.g = img.createGraphics();
    this.left = margins.left;
    this.top = margins.top;
    this.plotWidth = width - margins.left - margins.right;
    this.plotHeight = height - margins.top - margins.bottom;
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setFont(small);
  }

  /** The pen, for the plot's own marks; its font is the 12 pt one when the plot gets it. */
  Graphics2D graphics() {
    return g;
  }

  /** x of the plot area's left edge, px from the image's left. */
  int left() {
    return left;
  }

  /** y of the plot area's top edge, px from the image's top. */
  int top() {
    return top;
  }

  int plotWidth() {
    return plotWidth;
  }

  int plotHeight() {
    return plotHeight;
  }

  /** y of the plot area's bottom edge (the x axis), px from the image's top. */
  int bottom() {
    return top + plotHeight;
  }

  /**
   * Draws the y axis: at each tick a grid line across the plot area and its label right-aligned left
   * of the axis (with a short tick mark where asked). The first and last ticks become the bottom and
   * top of the area, for {@link #y(double)}.
   *
   * @param ticks increasing values, at least two
   */
  void yAxis(double[] ticks, DoubleFunction<String> label, boolean tickMarks) {
    if (ticks.length < 2 || !(ticks[0] < ticks[ticks.length - 1])) {
      throw new IllegalArgumentException("y ticks must be at least two increasing values, got " + Arrays.toString(ticks));
    }
    y0 = ticks[0];
    y1 = ticks[ticks.length - 1];
    g.setFont(small);
    FontMetrics fm = g.getFontMetrics();
    for (double t : ticks) {
      int py = bottom() - (int) Math.round((t - y0) / (y1 - y0) * plotHeight);
      g.setColor(GRID);
      g.drawLine(left, py, left + plotWidth, py);
      g.setColor(Color.DARK_GRAY);
      if (tickMarks) {
        g.drawLine(left - 5, py, left, py);
      }
      String s = label.apply(t);
      g.drawString(s, left - 8 - fm.stringWidth(s), py + fm.getAscent() / 2 - 1);
    }
  }

  /** The pixel row of value {@code v} on the y axis last drawn (unrounded; may lie outside the area). */
  double y(double v) {
    return bottom() - (v - y0) / (y1 - y0) * plotHeight;
  }

  /** A vertical grid line across the plot area with a tick mark below the x axis, at pixel column px. */
  void xGridLine(int px) {
    g.setColor(GRID);
    g.drawLine(px, top, px, bottom());
    g.setColor(Color.DARK_GRAY);
    g.drawLine(px, bottom(), px, bottom() + 5);
  }

  /** A tick or category label in dark gray, centered on pixel column {@code cx} under the x axis. */
  void xTickLabel(double cx, String text) {
    g.setFont(small);
    FontMetrics fm = g.getFontMetrics();
    g.setColor(Color.DARK_GRAY);
    g.drawString(text, (int) Math.round(cx - fm.stringWidth(text) / 2.0), bottom() + 8 + fm.getAscent());
  }

  /** The plot area's black border (drawn after the grid and marks so that it stays on top). */
  void border() {
    g.setColor(Color.BLACK);
    g.drawRect(left, top, plotWidth, plotHeight);
  }

  /**
   * The title in black bold at {@code size} pt, baseline {@code above} px over the plot area; centered
   * on the image, or flush with the plot area's left edge.
   */
  void title(String text, int size, int above, boolean centered) {
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
    int x = centered ? (img.getWidth() - g.getFontMetrics().stringWidth(text)) / 2 : left;
    g.drawString(text, x, top - above);
  }

  /** The x axis label in black at {@code size} pt, centered under the plot area, baseline {@code fromBottom} px over the image's bottom. */
  void xLabel(String text, int size, int fromBottom) {
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
    g.drawString(text, left + (plotWidth - g.getFontMetrics().stringWidth(text)) / 2, img.getHeight() - fromBottom);
  }

  /** The y axis label in black at {@code size} pt, reading upwards, centered on the plot area's height, baseline at column x. */
  void yLabel(String text, int size, int x) {
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
    AffineTransform before = g.getTransform();
    g.rotate(-Math.PI / 2);
    g.drawString(text, -(top + (plotHeight + g.getFontMetrics().stringWidth(text)) / 2), x);
    g.setTransform(before);
  }

  /** Ends the drawing and encodes the image as PNG. */
  byte[] png() {
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
