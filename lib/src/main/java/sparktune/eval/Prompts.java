package sparktune.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Held-out prompts cut from packed test blocks: a document starts at the beginning of a source's
 * block 0 or right after an EOS token (also the EOS ending the previous block). A prompt is the first {@code promptTokens} tokens of such a
 * document; the reference is the document's next {@code referenceTokens} tokens (up to its end or
 * the block's end).
 */
public final class Prompts {
  private Prompts() {}

  /**
   * One prompt.
   *
   * @param prompt the first prompt-tokens tokens of a test document
   * @param reference the tokens that follow in the document (for human-text metrics)
   */
  public record Prompt(int[] prompt, int[] reference) implements java.io.Serializable {}

  /**
   * One packed block.
   *
   * @param index the block's index within its source (0 starts the source's first document)
   * @param ids the block's real tokens (padding removed)
   */
  public record Block(long index, int[] ids) {}

  /** Up to {@code max} prompts from the blocks of one source, in block order. */
  public static List<Prompt> fromBlocks(List<Block> blocks, int eosId, int promptTokens, int referenceTokens, int max) {
    List<Prompt> out = new ArrayList<>();
    Block previous = null;
    for (Block block : blocks) {
      int[] ids = block.ids();
      // a block starts a document at the source's start, or when the block before it ended with EOS
      boolean startsDocument = block.index() == 0 || previous != null && previous.index() == block.index() - 1
          && previous.ids().length > 0 && previous.ids()[previous.ids().length - 1] == eosId;
      previous = block;
      for (int start = 0; start < ids.length && out.size() < max; start++) {
        boolean docStart = start == 0 ? startsDocument : ids[start - 1] == eosId;
        if (!docStart || ids[start] == eosId) {
          continue;
        }
        int end = start;
        while (end < ids.length && ids[end] != eosId) {
          end++;
        }
        if (end - start > promptTokens) {
          int[] prompt = Arrays.copyOfRange(ids, start, start + promptTokens);
          int[] ref = Arrays.copyOfRange(ids, start + promptTokens, Math.min(end, start + promptTokens + referenceTokens));
          out.add(new Prompt(prompt, ref));
        }
      }
    }
    return out;
  }
}
