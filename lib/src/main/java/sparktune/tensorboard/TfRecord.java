package sparktune.tensorboard;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, the container of TensorBoard event files: per record a little-endian uint64
 * length, the masked CRC32C of those 8 bytes, the payload, and the masked CRC32C of the payload.
 */
public final class TfRecord {
  private static final int MASK_DELTA = 0xa282ead8;

  private TfRecord() {}

  /** One framed record: 8 + 4 + {@code payload.length} + 4 bytes. */
  public static byte[] frame(byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(16 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(payload.length);
    b.putInt(maskedCrc(b.array(), 0, 8));
    b.put(payload);
    b.putInt(maskedCrc(payload, 0, payload.length));
    return b.array();
  }

  /** CRC32C rotated right by 15 bits plus a constant, as TFRecord stores it (a CRC of data that holds CRCs stays useful). */
  static int maskedCrc(byte[] data, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(data, offset, length);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + MASK_DELTA;
  }
}
