package sparktune.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The committed tiny checkpoint and golden logits from {@code gpt2-golden/reference_gpt2.py}. */
final class Golden {
  final Path dir;
  final long[][] ids;
  final float[] logits;
  final long[] shape;
  final double loss;

  private Golden(Path dir, JsonNode g) {
    this.dir = dir;
    JsonNode rows = g.get("input_ids");
    ids = new long[rows.size()][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = new long[rows.get(i).size()];
      for (int j = 0; j < ids[i].length; j++) {
        ids[i][j] = rows.get(i).get(j).asLong();
      }
    }
    logits = floats(g.get("logits"));
    shape = new long[] {g.get("shape").get(0).asLong(), g.get("shape").get(1).asLong(), g.get("shape").get(2).asLong()};
    loss = g.get("loss").asDouble();
  }

  static Golden load() throws IOException, URISyntaxException {
    Path dir = Path.of(Golden.class.getResource("/gpt2-golden/golden.json").toURI()).getParent();
    return parse(dir, dir.resolve("golden.json").toFile());
  }

  static Golden parse(Path dir, java.io.File json) throws IOException {
    return new Golden(dir, new ObjectMapper().readTree(json));
  }

  static Golden parse(String json) throws IOException {
    return new Golden(null, new ObjectMapper().readTree(json));
  }

  static float[] floats(JsonNode arr) {
    float[] out = new float[arr.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) arr.get(i).asDouble();
    }
    return out;
  }
}
