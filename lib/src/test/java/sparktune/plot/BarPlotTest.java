package sparktune.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class BarPlotTest {
  @Test
  void barHeightsFollowTheValuesAndNaNDrawsNoBar() throws Exception {
    byte[] png = BarPlot.png("Metrics", "value", List.of("greedy", "sampled"), List.of(
        new BarPlot.Series("high", new double[] {0.8, 0.4}, BarPlot.PALETTE.get(0)),
        new BarPlot.Series("missing", new double[] {Double.NaN, Double.NaN}, BarPlot.PALETTE.get(1))));
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(img.getWidth()).isEqualTo(800);
    assertThat(img.getHeight()).isEqualTo(460);
    // plot area x 70..630, y 50..390; the y axis tops out at 1, so 0.8 is 272 px tall
    int greedy = columnHeight(img, 70 + 140 - 100, BarPlot.PALETTE.get(0).getRGB());
    int sampled = columnHeight(img, 70 + 280 + 40, BarPlot.PALETTE.get(0).getRGB());
    assertThat(greedy).isEqualTo(272);
    assertThat(sampled).isEqualTo(136);
    int orange = 0;
    for (int x = 70; x < 630; x++) {
      orange += columnHeight(img, x, BarPlot.PALETTE.get(1).getRGB());
    }
    assertThat(orange).as("orange pixels inside the plot area").isZero();
  }

  private static int columnHeight(BufferedImage img, int x, int argb) {
    int n = 0;
    for (int y = 50; y <= 390; y++) {
      n += (img.getRGB(x, y) & 0xFFFFFF) == (argb & 0xFFFFFF) ? 1 : 0;
    }
    return n;
  }
}
