package sparktune.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Insets;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PlotFrameTest {
  private static final Insets MARGINS = new Insets(30, 40, 50, 20); // top, left, bottom, right

  @Test
  void encodesAnImageOfTheGivenSizeWithTheAreaInsetByTheMargins() throws Exception {
    PlotFrame frame = new PlotFrame(300, 200, MARGINS);
    assertThat(frame.plotWidth()).isEqualTo(240);
    assertThat(frame.plotHeight()).isEqualTo(120);
    assertThat(frame.bottom()).isEqualTo(150);
    frame.border();
    BufferedImage img = read(frame.png());
    assertThat(img.getWidth()).isEqualTo(300);
    assertThat(img.getHeight()).isEqualTo(200);
    assertThat(rgb(img, 5, 5)).isEqualTo(Color.WHITE.getRGB() & 0xFFFFFF);
    assertThat(rgb(img, 40, 30)).isEqualTo(0);
    assertThat(rgb(img, 280, 150)).isEqualTo(0);
    assertThat(rgb(img, 150, 100)).isEqualTo(Color.WHITE.getRGB() & 0xFFFFFF);
  }

  @Test
  void yAxisMapsItsFirstAndLastTicksToTheAreasBottomAndTop() {
    PlotFrame frame = new PlotFrame(300, 200, MARGINS);
    frame.yAxis(new double[] {2, 4, 6}, Ticks::label, true);
    assertThat(frame.y(2)).isEqualTo(150.0);
    assertThat(frame.y(6)).isEqualTo(30.0);
    assertThat(frame.y(5)).isEqualTo(60.0);
  }

  @Test
  void yAxisDrawsGridLinesAndLabelsLeftOfTheAxis() throws Exception {
    PlotFrame frame = new PlotFrame(300, 200, MARGINS);
    frame.yAxis(new double[] {0, 10}, Ticks::label, false);
    BufferedImage img = read(frame.png());
    assertThat(rgb(img, 150, 150)).isEqualTo(0xE6E6E6);
    assertThat(rgb(img, 150, 30)).isEqualTo(0xE6E6E6);
    assertThat(rgb(img, 150, 90)).isEqualTo(0xFFFFFF);
    int inked = 0;
    for (int x = 0; x < 40; x++) {
      for (int y = 20; y < 160; y++) {
        inked += rgb(img, x, y) != 0xFFFFFF ? 1 : 0;
      }
    }
    assertThat(inked).as("label pixels left of the axis").isGreaterThan(10);
  }

  @Test
  void yAxisRejectsADegenerateRange() {
    PlotFrame frame = new PlotFrame(300, 200, MARGINS);
    assertThatThrownBy(() -> frame.yAxis(new double[] {3}, Ticks::label, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3.0]");
    assertThatThrownBy(() -> frame.yAxis(new double[] {1, 1}, Ticks::label, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("increasing");
  }

  private static BufferedImage read(byte[] png) throws Exception {
    return ImageIO.read(new ByteArrayInputStream(png));
  }

  private static int rgb(BufferedImage img, int x, int y) {
    return img.getRGB(x, y) & 0xFFFFFF;
  }
}
