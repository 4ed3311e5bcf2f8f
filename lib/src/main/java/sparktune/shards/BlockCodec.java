package sparktune.shards;

/**
 * Packs token ids into the {@code ids} column: little-endian, 2 bytes per id when every id fits in
 * an unsigned 16-bit integer (vocabulary up to 65,536), else 4 bytes.
 */
public final class BlockCodec {
  private BlockCodec() {}

  /** Bytes per id for a vocabulary of this size: 2 or 4. */
  public static int idBytes(int vocabSize) {
    return vocabSize <= 65536 ? 2 : 4;
  }

  public static byte[] encode(int[] ids, int idBytes) {
    byte[] out = new byte[ids.length * idBytes];
    for (int i = 0, o = 0; i < ids.length; i++) {
      int id = ids[i];
      if (idBytes == 2) {
        if ((id & 0xFFFF0000) != 0) {
          throw new IllegalArgumentException("Token id " + id + " at position " + i + " does not fit in 2 bytes");
        }
        out[o++] = (byte) id;
        out[o++] = (byte) (id >>> 8);
      } else {
        out[o++] = (byte) id;
        out[o++] = (byte) (id >>> 8);
        out[o++] = (byte) (id >>> 16);
        out[o++] = (byte) (id >>> 24);
      }
    }
    return out;
  }

  public static int[] decode(byte[] bytes, int idBytes) {
    if (bytes.length % idBytes != 0) {
      throw new IllegalArgumentException("Block of " + bytes.length + " bytes is not a multiple of " + idBytes);
    }
    int[] ids = new int[bytes.length / idBytes];
    for (int i = 0, o = 0; i < ids.length; i++) {
      if (idBytes == 2) {
        ids[i] = (bytes[o++] & 0xFF) | (bytes[o++] & 0xFF) << 8;
      } else {
        ids[i] = (bytes[o++] & 0xFF) | (bytes[o++] & 0xFF) << 8 | (bytes[o++] & 0xFF) << 16 | (bytes[o++] & 0xFF) << 24;
      }
    }
    return ids;
  }
}
