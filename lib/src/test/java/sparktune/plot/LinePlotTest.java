package sparktune.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class LinePlotTest {
  @Test
  void drawsEachSeriesInItsColor() throws Exception {
    double[][] falling = new double[50][];
    for (int i = 0; i < 50; i++) {
      falling[i] = new double[] {i * 10, 5 * Math.exp(-i / 15.0) + 1};
    }
    byte[] png = LinePlot.png("Loss", "step", "loss", List.of(
        new LinePlot.Series("train", falling, LinePlot.BLUE),
        new LinePlot.Series("eval", new double[][] {{100, 3.5}, {490, 1.4}}, LinePlot.ORANGE)));
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(img.getWidth()).isEqualTo(800);
    assertThat(img.getHeight()).isEqualTo(500);
    int blue = 0, orange = 0;
    for (int x = 0; x < img.getWidth(); x++) {
      for (int y = 0; y < img.getHeight(); y++) {
        int rgb = img.getRGB(x, y) & 0xFFFFFF;
        blue += rgb == (LinePlot.BLUE.getRGB() & 0xFFFFFF) ? 1 : 0;
        orange += rgb == (LinePlot.ORANGE.getRGB() & 0xFFFFFF) ? 1 : 0;
      }
    }
    assertThat(blue).isGreaterThan(300);
    assertThat(orange).isGreaterThan(100);
  }
}
