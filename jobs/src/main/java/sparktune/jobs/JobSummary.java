package sparktune.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a job did: {@code {"job", "status", <counts>, "seconds", "config"}}. Written as
 * {@code _summary.json} beside the job's output and printed as the last stdout line, so schedulers
 * and scripts can read it.
 */
public final class JobSummary {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String job;
  private final Map<String, Object> counts = new LinkedHashMap<>();
  private String outputDir;

  public JobSummary(String job) {
    this.job = job;
  }

  /** Adds a count or any JSON-able value (numbers, strings, maps, lists). Insertion order is kept. */
  public JobSummary put(String key, Object value) {
    counts.put(key, value);
    return this;
  }

  public Object get(String key) {
    return counts.get(key);
  }

  public Map<String, Object> counts() {
    return counts;
  }

  /** Where {@code _summary.json} goes (a warehouse directory); null for jobs with no output dir. */
  public JobSummary outputDir(String dir) {
    this.outputDir = dir;
    return this;
  }

  public String outputDir() {
    return outputDir;
  }

  /** The summary line. {@code configJson} is the resolved, redacted config. */
  public String toJson(String status, double seconds, String configJson) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("job", job);
    out.put("status", status);
    out.putAll(counts);
    out.put("seconds", Math.round(seconds * 1000) / 1000.0);
    try {
      out.put("config", configJson == null ? null : JSON.readTree(configJson));
      return JSON.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Summary of " + job + " is not serializable: " + e.getMessage(), e);
    }
  }

  /**
   * The summary line of a job or command that failed: {@code {"job", "status": "failed", "error",
   * "seconds", "config"}}. {@code configJson} is null when the config could not be read.
   */
  public static String failed(String job, String error, double seconds, String configJson) {
    return new JobSummary(job).put("error", error).toJson("failed", seconds, configJson);
  }

  /** True when {@code line} is a summary line with {@code "status": "failed"}. */
  public static boolean isFailed(String line) {
    if (!line.startsWith("{")) {
      return false;
    }
    try {
      JsonNode n = JSON.readTree(line);
      return n.path("status").asText().equals("failed") && n.has("job");
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  /** Parses a summary line back (for composite commands and tests). */
  public static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Not a summary: " + json, e);
    }
  }
}
