package sparktune.shards;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Packs documents' token ids into fixed-size blocks: each document's ids followed by EOS, filled
 * left to right; a document longer than the space left continues in the next block. A block never
 * mixes sources: when the source changes (and at the end) the partly filled block is emitted with
 * its real {@code length} and the rest padded with EOS. Input must arrive grouped by source.
 */
public final class BlockPacker {
  /** One packed block: {@code ids.length == blockSize}, {@code length} real tokens. */
  public record Block(String source, long index, int[] ids, int length) {}

  /** One tokenized document. */
  public record Document(String source, int[] ids) {}

  private final int blockSize;
  private final int eosId;
  private final ArrayDeque<Block> ready = new ArrayDeque<>();
  private String source;
  private long index;
  private int[] buffer;
  private int filled;

  public BlockPacker(int blockSize, int eosId) {
    if (blockSize < 1) {
      throw new IllegalArgumentException("block size must be positive, got " + blockSize);
    }
    this.blockSize = blockSize;
    this.eosId = eosId;
  }

  /** Appends a document (its ids, then EOS); completed blocks become available from {@link #poll()}. */
  public void add(String docSource, int[] ids) {
    if (!docSource.equals(source)) {
      flush();
      source = docSource;
      index = 0;
    }
    for (int id : ids) {
      push(id);
    }
    push(eosId);
  }

  private void push(int id) {
    if (buffer == null) {
      buffer = new int[blockSize];
      filled = 0;
    }
    buffer[filled++] = id;
    if (filled == blockSize) {
      ready.add(new Block(source, index++, buffer, blockSize));
      buffer = null;
    }
  }

  /** Emits the partly filled block of the current source, padded with EOS. */
  public void flush() {
    if (buffer != null && filled > 0) {
      Arrays.fill(buffer, filled, blockSize, eosId);
      ready.add(new Block(source, index++, buffer, filled));
    }
    buffer = null;
    filled = 0;
  }

  /** The next completed block, or null. */
  public Block poll() {
    return ready.poll();
  }

  /** Lazily packs documents (grouped by source) into blocks, flushing at the end. */
  public static <T> Iterator<Block> pack(Iterator<T> docs, Function<T, Document> tokenize, int blockSize, int eosId) {
    BlockPacker packer = new BlockPacker(blockSize, eosId);
    return new Iterator<>() {
      private boolean finished;

      @Override
      public boolean hasNext() {
        while (packer.ready.isEmpty() && !finished) {
          if (docs.hasNext()) {
            Document d = tokenize.apply(docs.next());
            packer.add(d.source(), d.ids());
          } else {
            packer.flush();
            finished = true;
          }
        }
        return !packer.ready.isEmpty();
      }

      @Override
      public Block next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return packer.poll();
      }
    };
  }
}
