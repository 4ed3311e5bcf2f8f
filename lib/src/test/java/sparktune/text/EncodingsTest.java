package sparktune.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EncodingsTest {
  private static final String RU = "Мой дядя самых честных правил, когда не в шутку занемог, он уважать себя заставил.";

  @Test
  void validUtf8IsUtf8WithBomDroppedAndLineEndsNormalized() {
    Decoded d = Encodings.decode(("\uFEFFпервая\r\nвторая\rтретья").getBytes(StandardCharsets.UTF_8), "auto");
    assertThat(d.charset()).isEqualTo("UTF-8");
    assertThat(d.text()).isEqualTo("первая\nвторая\nтретья");
  }

  @Test
  void windows1251AndKoi8rAreToldApartByLowerCaseLetters() {
    Decoded cp1251 = Encodings.decode(RU.getBytes(Charset.forName("windows-1251")), "auto");
    Decoded koi8 = Encodings.decode(RU.getBytes(Charset.forName("KOI8-R")), "auto");
    assertThat(cp1251.text()).isEqualTo(RU);
    assertThat(cp1251.charset()).isEqualTo("windows-1251");
    assertThat(koi8.text()).isEqualTo(RU);
    assertThat(koi8.charset()).isEqualTo("KOI8-R");
  }

  @Test
  void nulBytesAreRejectedBeforeDecoding() {
    assertThat(Encodings.decode("a\0b".getBytes(StandardCharsets.UTF_8), "auto").reason()).isEqualTo("nul-bytes");
    assertThat(Encodings.decode("a\0b".getBytes(StandardCharsets.UTF_8), "UTF-8").reason()).isEqualTo("nul-bytes");
  }

  @Test
  void bytesThatAreNoCyrillicTextAreUndecodable() {
    Decoded d = Encodings.decode(new byte[] {(byte) 0x98, (byte) 0x80, (byte) 0x81, 0x20, (byte) 0x82}, "auto");
    assertThat(d.reason()).isEqualTo("undecodable");
    assertThat(d.detail()).contains("windows-1251", "KOI8-R");
  }

  @Test
  void configuredEncodingIsUsedAndInvalidBytesAreRejected() {
    assertThat(Encodings.decode(RU.getBytes(Charset.forName("KOI8-R")), "KOI8-R").text()).isEqualTo(RU);
    Decoded bad = Encodings.decode(new byte[] {(byte) 0xC3, 0x28}, "UTF-8");
    assertThat(bad.reason()).isEqualTo("undecodable");
    assertThat(bad.detail()).isEqualTo("invalid UTF-8 at byte 0");
  }
}
