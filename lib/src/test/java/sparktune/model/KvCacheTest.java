package sparktune.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** Incremental decoding with the KV cache against full-sequence forwards of the golden model. */
class KvCacheTest {

  private static float maxAbsDiff(NDArray a, NDArray b) {
    return a.sub(b).abs().max().getFloat();
  }

  @Test
  void incrementalLogitsEqualFullSequenceLogits() throws Exception {
    Golden g = Golden.load();
    try (NDManager manager = NDManager.newBaseManager()) {
      Gpt2Model model = HfModelDir.load(g.dir.toString(), null, manager);
      NDArray ids = manager.create(g.ids); // (2, 12)
      NDArray full = model.logits(ids, false); // (2, 12, V)
      try (KvCache cache = model.newCache(manager)) {
        // prompt of 5 tokens, then one token per step, each step in its own scratch manager
        try (NDManager step = manager.newSubManager()) {
          NDArray prompt = ids.get(new NDIndex(":, 0:5"));
          prompt.attach(step);
          NDArray out = model.logits(prompt, cache, null); // (2, 5, V)
          assertThat(maxAbsDiff(out, full.get(new NDIndex(":, 0:5")))).isLessThan(1e-5f);
        }
        for (int t = 5; t < 12; t++) {
          try (NDManager step = manager.newSubManager()) {
            NDArray tok = ids.get(new NDIndex(":, {}:{}", t, t + 1));
            tok.attach(step);
            NDArray out = model.logits(tok, cache, null); // (2, 1, V)
            assertThat(maxAbsDiff(out, full.get(new NDIndex(":, {}:{}", t, t + 1)))).isLessThan(1e-5f);
          }
        }
        assertThat(cache.length()).isEqualTo(12);
        assertThat(cache.key(0).getShape()).isEqualTo(new Shape(2, 4, 12, 8));
      }
    }
  }

  @Test
  void reorderFollowsBeamsAlongTheBatch() throws Exception {
    Golden g = Golden.load();
    try (NDManager manager = NDManager.newBaseManager()) {
      Gpt2Model model = HfModelDir.load(g.dir.toString(), null, manager);
      NDArray ids = manager.create(g.ids);
      try (KvCache cache = model.newCache(manager)) {
        model.logits(ids.get(new NDIndex(":, 0:6")), cache, null);
        cache.reorder(new long[] {1, 1, 0}); // batch 2 -> 3 rows: row1, row1, row0
        NDArray next = manager.create(new long[][] {{g.ids[1][6]}, {g.ids[1][6]}, {g.ids[0][6]}});
        NDArray out = model.logits(next, cache, null); // (3, 1, V)
        NDArray full = model.logits(ids.get(new NDIndex(":, 0:7")), false);
        assertThat(maxAbsDiff(out.get(0), full.get(new NDIndex("1, 6:7")))).isLessThan(1e-5f);
        assertThat(maxAbsDiff(out.get(1), full.get(new NDIndex("1, 6:7")))).isLessThan(1e-5f);
        assertThat(maxAbsDiff(out.get(2), full.get(new NDIndex("0, 6:7")))).isLessThan(1e-5f);
      }
    }
  }

  @Test
  void maskedPaddingKeysAreInvisibleToRealTokens() throws Exception {
    Golden g = Golden.load();
    try (NDManager manager = NDManager.newBaseManager()) {
      Gpt2Model model = HfModelDir.load(g.dir.toString(), null, manager);
      // left padding: the two pad tokens differ between a and b, the real tokens do not
      NDArray a = manager.create(new long[][] {{9, 9, 5, 17, 42}});
      NDArray b = manager.create(new long[][] {{3, 70, 5, 17, 42}});
      NDArray mask = manager.create(new long[][] {{0, 0, 1, 1, 1}});
      NDArray la;
      NDArray lb;
      try (KvCache ca = model.newCache(manager); KvCache cb = model.newCache(manager)) {
        la = model.logits(a, ca, mask).get(new NDIndex(":, 2:"));
        lb = model.logits(b, cb, mask).get(new NDIndex(":, 2:"));
      }
      assertThat(maxAbsDiff(la, lb)).isLessThan(1e-5f);
      NDArray unmasked = model.logits(b, false).get(new NDIndex(":, 2:"));
      assertThat(maxAbsDiff(la, unmasked)).isGreaterThan(1e-3f);
      assertThat(la.isNaN().any().getBoolean()).isFalse();
    }
  }

  @Test
  void refusesSequencesLongerThanThePositionTable() throws Exception {
    Golden g = Golden.load();
    try (NDManager manager = NDManager.newBaseManager()) {
      Gpt2Model model = HfModelDir.load(g.dir.toString(), null, manager);
      NDArray ids = manager.zeros(new Shape(1, 33), ai.djl.ndarray.types.DataType.INT64);
      assertThatThrownBy(() -> model.logits(ids, false))
          .hasMessage("Sequence of 33 positions exceeds n_positions 32");
    }
  }

  @Test
  void meanPoolingAveragesOnlyMaskedInTokens() throws Exception {
    Golden g = Golden.load();
    try (NDManager manager = NDManager.newBaseManager()) {
      Gpt2Model model = HfModelDir.load(g.dir.toString(), null, manager);
      NDArray ids = manager.create(new long[][] {{5, 17, 42, 9, 9}});
      NDArray pooled = model.meanPooledHidden(ids, manager.create(new long[][] {{1, 1, 1, 0, 0}})); // (1, C)
      NDArray h = model.hidden(manager.create(new long[][] {{5, 17, 42}}), null, null, false); // (1, 3, C)
      assertThat(pooled.getShape()).isEqualTo(new Shape(1, 32));
      assertThat(maxAbsDiff(pooled, h.mean(new int[] {1}))).isLessThan(1e-5f);
    }
  }
}
