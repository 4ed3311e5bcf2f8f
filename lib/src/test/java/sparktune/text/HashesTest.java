package sparktune.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HashesTest {
  @Test
  void docIdIsATruncatedSha256OfSourceAndKey() {
    assertThat(Hashes.docId("books", "A/b.txt")).hasSize(Hashes.DOC_ID_HEX)
        .isEqualTo(Hashes.sha256("books\u0000A/b.txt").substring(0, Hashes.DOC_ID_HEX))
        .isNotEqualTo(Hashes.docId("books", "A/c.txt"));
    assertThat(Hashes.docId("ab", "c")).isNotEqualTo(Hashes.docId("a", "bc"));
    assertThat(Hashes.sha256("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }
}
