package sparktune.tokenizer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the Hugging Face {@code tokenizer.json} format for byte-level BPE: model type
 * BPE, a ByteLevel pre-tokenizer (GPT-2 regex), ByteLevel decoder, no normalizer. Anything else
 * that changes ids is refused with the field that differs; fields that do not (post_processor,
 * trim_offsets, added tokens' lstrip/normalized flags, key order, indentation) are ignored, so a
 * pretty-printed file from the hub and {@link #write}'s canonical form load as the same tokenizer.
 */
public final class TokenizerJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TokenizerJson() {}

  /** Parses tokenizer.json text; {@code where} names the file in errors. */
  public static BpeTokenizer read(String json, String where) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot parse " + where + " as JSON: " + e.getMessage(), e);
    }
    JsonNode model = root.path("model");
    String type = model.path("type").asText("BPE");
    if (!type.equals("BPE")) {
      throw unsupported(where, "model.type", type, "BPE");
    }
    for (String field : new String[] {"continuing_subword_prefix", "end_of_word_suffix"}) {
      String v = model.path(field).asText("");
      if (!v.isEmpty()) {
        throw unsupported(where, "model." + field, v, "empty");
      }
    }
    if (model.path("ignore_merges").asBoolean(false)) {
      throw unsupported(where, "model.ignore_merges", "true", "false: a word found whole in the vocabulary is still merged pair by pair");
    }
    if (!root.path("normalizer").isMissingNode() && !root.path("normalizer").isNull()) {
      throw unsupported(where, "normalizer", root.path("normalizer").path("type").asText(), "null");
    }
    boolean addPrefixSpace = byteLevelPrefixSpace(root.path("pre_tokenizer"), where);
    Map<String, Integer> vocab = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = model.path("vocab").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      vocab.put(e.getKey(), e.getValue().asInt());
    }
    if (vocab.isEmpty()) {
      throw new IllegalArgumentException(where + " has no model.vocab");
    }
    List<String[]> merges = new ArrayList<>();
    for (JsonNode m : model.path("merges")) {
      if (m.isArray()) {
        merges.add(new String[] {m.get(0).asText(), m.get(1).asText()});
      } else {
        merges.add(splitMerge(m.asText(), where, merges.size()));
      }
    }
    List<AddedToken> added = new ArrayList<>();
    for (JsonNode t : root.path("added_tokens")) {
      added.add(new AddedToken(t.path("id").asInt(), t.path("content").asText(), t.path("special").asBoolean(false)));
    }
    return new BpeTokenizer(vocab, merges, added, addPrefixSpace);
  }

  private static boolean byteLevelPrefixSpace(JsonNode pre, String where) {
    if (pre.path("type").asText().equals("Sequence") && pre.path("pretokenizers").size() == 1) {
      pre = pre.path("pretokenizers").get(0);
    }
    if (!pre.path("type").asText().equals("ByteLevel")) {
      throw unsupported(where, "pre_tokenizer.type", pre.path("type").asText("null"), "ByteLevel");
    }
    if (!pre.path("use_regex").asBoolean(true)) {
      throw unsupported(where, "pre_tokenizer.use_regex", "false", "true (the GPT-2 regex)");
    }
    return pre.path("add_prefix_space").asBoolean(false);
  }

  static String[] splitMerge(String line, String where, int index) {
    int sp = line.indexOf(' ');
    if (sp <= 0 || sp == line.length() - 1 || line.indexOf(' ', sp + 1) >= 0) {
      throw new IllegalArgumentException("Merge " + index + " in " + where + " is not 'left right': '" + line + "'");
    }
    return new String[] {line.substring(0, sp), line.substring(sp + 1)};
  }

  private static IllegalArgumentException unsupported(String where, String field, String found, String expected) {
    return new IllegalArgumentException("Unsupported tokenizer " + where + ": " + field + " is " + found + " (expected " + expected + ")");
  }

  /** The canonical tokenizer.json: fixed field order, vocab by id, merges as "left right". */
  public static String write(BpeTokenizer tok) {
    StringWriter w = new StringWriter(tok.vocabSize() * 24);
    try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("version", "1.0");
      g.writeNullField("truncation");
      g.writeNullField("padding");
      g.writeArrayFieldStart("added_tokens");
      for (AddedToken t : tok.addedTokens()) {
        g.writeStartObject();
        g.writeNumberField("id", t.id());
        g.writeStringField("content", t.content());
        g.writeBooleanField("single_word", false);
        g.writeBooleanField("lstrip", false);
        g.writeBooleanField("rstrip", false);
        g.writeBooleanField("normalized", false);
        g.writeBooleanField("special", t.special());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeNullField("normalizer");
      byteLevel(g, "pre_tokenizer", tok.addPrefixSpace(), true);
      byteLevel(g, "post_processor", true, false);
      byteLevel(g, "decoder", true, true);
      g.writeObjectFieldStart("model");
      g.writeStringField("type", "BPE");
      g.writeNullField("dropout");
      g.writeNullField("unk_token");
      g.writeStringField("continuing_subword_prefix", "");
      g.writeStringField("end_of_word_suffix", "");
      g.writeBooleanField("fuse_unk", false);
      g.writeBooleanField("byte_fallback", false);
      g.writeObjectFieldStart("vocab");
      List<Map.Entry<String, Integer>> entries = new ArrayList<>(tok.vocab().entrySet());
      entries.sort(Comparator.comparingInt((Map.Entry<String, Integer> e) -> e.getValue()).thenComparing(Map.Entry::getKey));
      for (Map.Entry<String, Integer> e : entries) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeArrayFieldStart("merges");
      for (String line : tok.mergeLines()) {
        g.writeString(line);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  private static void byteLevel(JsonGenerator g, String field, boolean addPrefixSpace, boolean trimOffsets) throws IOException {
    g.writeObjectFieldStart(field);
    g.writeStringField("type", "ByteLevel");
    g.writeBooleanField("add_prefix_space", addPrefixSpace);
    g.writeBooleanField("trim_offsets", trimOffsets);
    g.writeBooleanField("use_regex", true);
    g.writeEndObject();
  }
}
