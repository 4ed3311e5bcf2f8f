package sparktune.model;

import java.util.Locale;

/**
 * Element types of a safetensors file that this project reads (F32, F16, BF16, all converted to
 * fp32) and writes (F32, F16). BF16 is never written: DJL's PyTorch engine aborts on bf16 tensors.
 */
public enum SafetensorsDtype {
  F32(4),
  F16(2),
  BF16(2);

  /** Bytes per element. */
  public final int size;

  SafetensorsDtype(int size) {
    this.size = size;
  }

  /** Parses a header dtype string; {@code where} names the file and tensor for the error. */
  public static SafetensorsDtype parse(String name, String where) {
    for (SafetensorsDtype d : values()) {
      if (d.name().equals(name)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        String.format(Locale.ROOT, "Unsupported dtype '%s' for %s (expected F32, F16 or BF16)", name, where));
  }

  /** IEEE half bits (low 16 bits) to float; exact. */
  public static float halfToFloat(int h) {
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      // subnormal half: mant * 2^-24
      float v = mant * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /** Float to IEEE half bits, round to nearest even (as torch's {@code .half()}). */
  public static short floatToHalf(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xff;
    int mant = bits & 0x7fffff;
    if (exp == 0xff) {
      return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
    }
    int e = exp - 127 + 15;
    if (e >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    if (e <= 0) {
      if (e < -10) {
        return (short) sign;
      }
      // subnormal: shift the implicit-1 mantissa, rounding to nearest even
      int m = mant | 0x800000;
      int shift = 14 - e;
      int half = m >>> shift;
      int rem = m & ((1 << shift) - 1);
      int mid = 1 << (shift - 1);
      if (rem > mid || (rem == mid && (half & 1) == 1)) {
        half++;
      }
      return (short) (sign | half);
    }
    int half = (e << 10) | (mant >>> 13);
    int rem = mant & 0x1fff;
    if (rem > 0x1000 || (rem == 0x1000 && (half & 1) == 1)) {
      half++; // may carry into the exponent, which is the correct rounding (up to inf)
    }
    return (short) (sign | half);
  }

  /** bfloat16 bits (low 16 bits) to float; exact. */
  public static float bf16ToFloat(int b) {
    return Float.intBitsToFloat((b & 0xffff) << 16);
  }
}
