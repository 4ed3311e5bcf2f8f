package sparktune.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.List;
import java.util.Set;

/**
 * Reads typed values from one config section and checks their ranges. Every error names the full
 * key ({@code section.key}), the value found and the allowed values, so a user can fix it without
 * reading code.
 */
public final class Settings {
  private final Config config;
  private final String prefix;

  /** @param config the section (e.g. {@code root.getConfig("train")}); prefix its path, e.g. "train". */
  public Settings(Config config, String prefix) {
    this.config = config;
    this.prefix = prefix;
  }

  /** The full key for error messages. */
  public String key(String name) {
    return prefix.isEmpty() ? name : prefix + "." + name;
  }

  public boolean has(String name) {
    return config.hasPath(name);
  }

  public String string(String name) {
    try {
      return config.getString(name);
    } catch (ConfigException.WrongType e) {
      throw ConfigError.invalid(key(name), config.getValue(name).unwrapped(), "must be a string");
    } catch (ConfigException.Missing e) {
      throw new ConfigError("Missing " + key(name));
    }
  }

  /** A string that must be one of {@code allowed}. */
  public String oneOf(String name, Set<String> allowed) {
    String value = string(name);
    if (!allowed.contains(value)) {
      throw ConfigError.invalid(key(name), value, "must be one of " + String.join(", ", sorted(allowed)));
    }
    return value;
  }

  public int intIn(String name, int min, int max) {
    int value;
    try {
      value = config.getInt(name);
    } catch (ConfigException.WrongType e) {
      throw ConfigError.invalid(key(name), config.getValue(name).unwrapped(), "must be an integer " + min + ".." + max);
    } catch (ConfigException.Missing e) {
      throw new ConfigError("Missing " + key(name));
    }
    if (value < min || value > max) {
      throw ConfigError.invalid(key(name), value, "must be " + min + ".." + max);
    }
    return value;
  }

  public long longIn(String name, long min, long max) {
    long value;
    try {
      value = config.getLong(name);
    } catch (ConfigException.WrongType e) {
      throw ConfigError.invalid(key(name), config.getValue(name).unwrapped(), "must be an integer " + min + ".." + max);
    }
    if (value < min || value > max) {
      throw ConfigError.invalid(key(name), value, "must be " + min + ".." + max);
    }
    return value;
  }

  public double doubleIn(String name, double min, double max) {
    double value;
    try {
      value = config.getDouble(name);
    } catch (ConfigException.WrongType e) {
      throw ConfigError.invalid(key(name), config.getValue(name).unwrapped(), "must be a number " + min + ".." + max);
    }
    if (Double.isNaN(value) || value < min || value > max) {
      throw ConfigError.invalid(key(name), value, "must be " + min + ".." + max);
    }
    return value;
  }

  public boolean bool(String name) {
    try {
      return config.getBoolean(name);
    } catch (ConfigException.WrongType e) {
      throw ConfigError.invalid(key(name), config.getValue(name).unwrapped(), "must be true or false");
    }
  }

  /** A size in bytes ("10MB", "1GiB" or a plain number), within the range. */
  public long bytesIn(String name, long min, long max) {
    long value;
    try {
      value = config.getBytes(name);
    } catch (ConfigException.BadValue | ConfigException.WrongType e) {
      throw ConfigError.invalid(key(name), config.getValue(name).unwrapped(), "must be a size such as 5MB");
    }
    if (value < min || value > max) {
      throw ConfigError.invalid(key(name), config.getValue(name).unwrapped(), "must be " + min + ".." + max + " bytes");
    }
    return value;
  }

  /** A duration in milliseconds ("30s", "10m"). */
  public long millis(String name) {
    try {
      return config.getDuration(name).toMillis();
    } catch (ConfigException.BadValue | ConfigException.WrongType e) {
      throw ConfigError.invalid(key(name), config.getValue(name).unwrapped(), "must be a duration such as 30s or 10m");
    }
  }

  public List<String> strings(String name) {
    try {
      return config.getStringList(name);
    } catch (ConfigException.WrongType e) {
      throw ConfigError.invalid(key(name), config.getValue(name).unwrapped(), "must be a list of strings");
    }
  }

  public Config raw() {
    return config;
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }
}
