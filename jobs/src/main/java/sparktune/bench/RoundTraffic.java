package sparktune.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import sparktune.distributed.DeltaFile;
import sparktune.model.SafetensorsReader;

/**
 * The bytes and seconds of each round of a finished distributed run, from its {@code metrics.jsonl}
 * rows (the trainer's own accounting of the weight-exchange files each task read and wrote) and,
 * when given, the kernel's per-process counters ({@link NodeIoSampler}); P counted from the
 * checkpoint's {@code model.safetensors} header; and the busiest node against {@code 3 x P x b}
 * with {@code b} the delta's bytes per value on the wire.
 */
final class RoundTraffic {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One metrics row's figures. */
  record Round(int round, double seconds, double coordinationSeconds, long maxWorkerExchangeBytes, long deltaBytes, long innerStateBytes,
      JsonNode row) {
    double computeSeconds() {
      return seconds - coordinationSeconds;
    }

    /** Everything the busiest task read and wrote (exchange, saved state, replays); the exchange alone for older rows. */
    long maxWorkerBytes() {
      return row.has("max_worker_bytes") ? row.get("max_worker_bytes").asLong() : maxWorkerExchangeBytes;
    }

    /** A round that only exchanges deltas and updates: no saved state read or written, no replay. */
    boolean plain() {
      return row.path("state_read_bytes").asLong() == 0 && row.path("state_write_bytes").asLong() == 0 && innerStateBytes == 0
          && row.path("replayed_rounds").asLong() == 0;
    }
  }

  private final List<Round> rounds;
  private final long params;
  private final int workers;
  private final String deltaDtype;
  private final String outer;

  private RoundTraffic(List<Round> rounds, long params, int workers, String deltaDtype, String outer) {
    this.rounds = rounds;
    this.params = params;
    this.workers = workers;
    this.deltaDtype = deltaDtype;
    this.outer = outer;
  }

  /** Reads {@code runDir}'s metrics rows and the parameter count of its newest checkpoint. */
  static RoundTraffic read(Path runDir, int workers, String deltaDtype, String outer) throws IOException {
    List<Round> rounds = new ArrayList<>();
    for (String line : Files.readAllLines(runDir.resolve("metrics.jsonl"))) {
      JsonNode r = JSON.readTree(line);
      rounds.add(new Round(r.path("round").asInt(), r.path("round_seconds").asDouble(), r.path("coordination_seconds").asDouble(),
          r.path("max_worker_exchange_bytes").asLong(), r.path("delta_bytes").asLong(), r.path("inner_state_bytes").asLong(), r));
    }
    if (rounds.isEmpty()) {
      throw new IllegalStateException("No rounds in " + runDir.resolve("metrics.jsonl"));
    }
    return new RoundTraffic(rounds, params(runDir.resolve("checkpoints")), workers, deltaDtype, outer);
  }

  /** Sum of the element counts in the newest checkpoint's model.safetensors (tied weights once). */
  static long params(Path checkpoints) throws IOException {
    Path newest;
    try (Stream<Path> s = Files.list(checkpoints)) {
      newest = s.filter(p -> p.getFileName().toString().startsWith("step-"))
          .max((a, b) -> Long.compare(step(a), step(b)))
          .orElseThrow(() -> new IllegalStateException("No step-N checkpoint under " + checkpoints));
    }
    long n = 0;
    try (SafetensorsReader r = SafetensorsReader.open(newest.resolve("model.safetensors"))) {
      for (SafetensorsReader.Entry e : r.entries()) {
        long count = 1;
        for (long d : e.shape()) {
          count *= d;
        }
        n += count;
      }
    }
    return n;
  }

  private static long step(Path p) {
    return Long.parseLong(p.getFileName().toString().substring("step-".length()));
  }

  long params() {
    return params;
  }

  /** Inner steps whose update was skipped (non-finite gradient norm), all rounds and workers. */
  int skippedSteps() {
    return rounds.stream().mapToInt(r -> r.row().path("skipped_steps").asInt()).sum();
  }

  /** 3 x P x b, the per-node target. */
  long target() {
    return 3 * params * DeltaFile.wireBytes(deltaDtype);
  }

  /** The round whose figures stand for a steady run: the last plain round (the last round when none is plain). */
  Round steady() {
    for (int i = rounds.size() - 1; i >= 0; i--) {
      if (rounds.get(i).plain()) {
        return rounds.get(i);
      }
    }
    return rounds.get(rounds.size() - 1);
  }

  /** The measured figures the projection starts from (steady round). */
  TrafficProjection.Measured measured() {
    Round s = steady();
    // Per task (N - 1)/N of its delta written, (N - 1)/N of shard k read, 1/N of the update written, (N - 1)/N of the
    // updates read: b P (3 - 2/N), so the term in 1/N is -2b per parameter.
    double shardTerm = -2.0 * DeltaFile.wireBytes(deltaDtype);
    return new TrafficProjection.Measured(params, workers, s.maxWorkerBytes(), s.innerStateBytes() / workers, shardTerm);
  }

  /**
   * The JSON report: P, b, the target, per round the figures of the metrics row (busiest task,
   * per-worker means, the driver's 0) and, when {@code osIo} has that round, the kernel's counts per
   * process; and the largest per-node figure over the target.
   */
  Map<String, Object> report(List<Map<String, Map<String, Long>>> osIo) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("params", params);
    out.put("workers", workers);
    out.put("delta_dtype", deltaDtype);
    out.put("wire_bytes_per_value", DeltaFile.wireBytes(deltaDtype));
    out.put("target_3Pb_bytes", target());
    List<Map<String, Object>> rows = new ArrayList<>();
    long largest = 0;
    long largestWithInner = 0;
    long largestOs = 0;
    for (int i = 0; i < rounds.size(); i++) {
      Round r = rounds.get(i);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("round", r.round());
      m.put("round_seconds", TrafficProjection.round3(r.seconds()));
      m.put("coordination_seconds", TrafficProjection.round3(r.coordinationSeconds()));
      m.put("compute_seconds", TrafficProjection.round3(r.computeSeconds()));
      m.put("plain", r.plain());
      m.put("driver_bytes", r.row().path("driver_bytes").asLong());
      m.put("busiest_worker_bytes", r.maxWorkerBytes());
      m.put("busiest_worker_exchange_bytes", r.maxWorkerExchangeBytes());
      m.put("worker_mean_delta_bytes_written", r.deltaBytes() / workers);
      m.put("worker_mean_inner_state_bytes_written", r.innerStateBytes() / workers);
      m.put("all_delta_bytes", r.deltaBytes());
      m.put("all_inner_state_bytes", r.innerStateBytes());
      m.put("busiest_worker_over_3Pb", TrafficProjection.round3((double) r.maxWorkerBytes() / target()));
      extraByteFields(r.row(), m);
      if (i < osIo.size()) {
        m.put("os_io", osIo.get(i));
        for (Map.Entry<String, Map<String, Long>> node : osIo.get(i).entrySet()) {
          largestOs = Math.max(largestOs, node.getValue().get("read") + node.getValue().get("written"));
        }
      }
      rows.add(m);
      if (r.plain()) {
        largest = Math.max(largest, r.maxWorkerBytes());
      }
      largestWithInner = Math.max(largestWithInner, r.maxWorkerBytes());
    }
    out.put("rounds", rows);
    out.put("largest_plain_round_node_bytes", largest);
    out.put("largest_plain_round_node_over_3Pb", TrafficProjection.round3((double) largest / target()));
    out.put("largest_node_any_round_over_3Pb", TrafficProjection.round3((double) largestWithInner / target()));
    if (!osIo.isEmpty()) {
      out.put("largest_node_os_io_bytes", largestOs);
      out.put("largest_node_os_io_over_3Pb", TrafficProjection.round3((double) largestOs / target()));
    }
    return out;
  }

  /** Byte figures of the row this report does not name (a newer trainer may add per-worker detail). */
  private static void extraByteFields(JsonNode row, Map<String, Object> m) {
    Map<String, Object> extra = new LinkedHashMap<>();
    for (Iterator<String> it = row.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (f.contains("bytes") && !List.of("delta_bytes", "max_worker_exchange_bytes", "max_worker_bytes", "inner_state_bytes", "driver_bytes").contains(f)) {
        extra.put(f, JSON.convertValue(row.get(f), Object.class));
      }
    }
    if (!extra.isEmpty()) {
      m.put("other_metrics_bytes", extra);
    }
  }
}
