package sparktune.tokenizer;

/**
 * A token matched verbatim in the text before pre-tokenization (Hugging Face {@code added_tokens}).
 *
 * @param id its id
 * @param content its text, e.g. {@code <|endoftext|>}
 * @param special whether decoders may skip it (EOS, padding)
 */
public record AddedToken(int id, String content, boolean special) {
  public AddedToken {
    if (content == null || content.isEmpty()) {
      throw new IllegalArgumentException("Added token " + id + " has empty content");
    }
  }
}
