package sparktune.evaluate;

import ai.djl.ndarray.NDManager;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import sparktune.generate.Gpt2Lm;
import sparktune.model.HfModelDir;
import sparktune.spark.HadoopFiles;
import sparktune.tokenizer.BpeTokenizer;
import sparktune.tokenizer.Tokenizers;

/**
 * Models loaded once per JVM (driver or executor), keyed by model directory. Tasks lease a model
 * and close the lease when done; beyond {@code CAPACITY} (2) loaded models, the least recently used
 * one that no task holds is freed.
 */
public final class ModelCache {
  /** A loaded model with its tokenizer. */
  public record Loaded(String dir, Gpt2Lm lm, BpeTokenizer tokenizer) {}

  /** A model in use; closing it lets the cache free the model later. */
  public static final class Lease implements AutoCloseable {
    private final Slot slot;
    private boolean closed;

    private Lease(Slot slot) {
      this.slot = slot;
    }

    public Loaded get() {
      return slot.loaded;
    }

    @Override
    public void close() {
      synchronized (ModelCache.class) {
        if (!closed) {
          closed = true;
          slot.users--;
          evict();
        }
      }
    }
  }

  private static final class Slot {
    final Loaded loaded;
    int users;

    Slot(Loaded loaded) {
      this.loaded = loaded;
    }
  }

  private static final Map<String, Slot> SLOTS = new LinkedHashMap<>(16, 0.75f, true);
  private static final int CAPACITY = 2;

  private ModelCache() {}

  /**
   * Leases the model in {@code dir}, loading it on first use.
   *
   * @param hadoop Hadoop settings for non-local directories (e.g. fs.s3a.*); empty for local ones
   * @param fallbackTokenizer tokenizer location used when the directory holds none (e.g. "gpt2")
   */
  public static synchronized Lease lease(String dir, Map<String, String> hadoop, String fallbackTokenizer) {
    Slot slot = SLOTS.get(dir);
    if (slot == null) {
      Configuration conf = new Configuration();
      hadoop.forEach(conf::set);
      NDManager manager = NDManager.newBaseManager();
      Gpt2Lm lm;
      try {
        lm = new Gpt2Lm(HfModelDir.load(dir, conf, manager), manager);
      } catch (RuntimeException e) {
        manager.close();
        throw e;
      }
      HadoopFiles files = new HadoopFiles(conf);
      String tokenizerAt = HfModelDir.tokenizerFiles(dir, conf).isEmpty() ? fallbackTokenizer : dir;
      slot = new Slot(new Loaded(dir, lm, Tokenizers.load(files, tokenizerAt)));
      SLOTS.put(dir, slot);
    }
    slot.users++;
    Lease lease = new Lease(slot);
    evict();
    return lease;
  }

  private static void evict() {
    Iterator<Map.Entry<String, Slot>> it = SLOTS.entrySet().iterator();
    while (SLOTS.size() > CAPACITY && it.hasNext()) {
      Slot s = it.next().getValue();
      if (s.users == 0) {
        s.loaded.lm().close();
        it.remove();
      }
    }
  }
}
