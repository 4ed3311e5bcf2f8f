package sparktune.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed command line: {@code sparktune <command> [--conf FILE] [--set key=value ...]
 * [--master URL] [command options] [positionals]}.
 *
 * @param command the command name
 * @param conf the {@code --conf} file, or null
 * @param sets {@code --set} overrides, in order
 * @param options the command's own {@code --name value} options (flags map to "true")
 * @param positionals words that are not options
 * @param help whether {@code --help} was given
 */
public record Arguments(String command, Path conf, List<String> sets, Map<String, String> options, List<String> positionals, boolean help) {

  /**
   * @param valueOptions the command's options that take a value
   * @param flagOptions the command's options that take none
   */
  public static Arguments parse(String command, List<String> args, Set<String> valueOptions, Set<String> flagOptions) {
    Path conf = null;
    List<String> sets = new ArrayList<>();
    Map<String, String> options = new LinkedHashMap<>();
    List<String> positionals = new ArrayList<>();
    boolean help = false;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--help") || a.equals("-h")) {
        help = true;
      } else if (a.startsWith("--")) {
        String name = a.substring(2);
        String inline = null;
        int eq = name.indexOf('=');
        if (eq > 0 && !name.startsWith("set")) {
          inline = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        boolean global = name.equals("conf") || name.equals("set") || name.equals("master");
        if (flagOptions.contains(name)) {
          options.put(name, "true");
          continue;
        }
        if (!global && !valueOptions.contains(name)) {
          throw new UsageError("Unknown option --" + name + " for '" + command + "'");
        }
        String value = inline;
        if (value == null) {
          if (i + 1 >= args.size()) {
            throw new UsageError("Option --" + name + " needs a value");
          }
          value = args.get(++i);
        }
        switch (name) {
          case "conf" -> conf = Path.of(value);
          case "set" -> sets.add(value);
          case "master" -> sets.add("sparktune.spark.master=\"" + value + "\"");
          default -> options.put(name, value);
        }
      } else {
        positionals.add(a);
      }
    }
    return new Arguments(command, conf, List.copyOf(sets), Map.copyOf(options), List.copyOf(positionals), help);
  }

  public String option(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  public boolean flag(String name) {
    return options.containsKey(name);
  }
}
