package sparktune.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Sliding windows over a sequence longer than the model context. Every position 1..length-1 is
 * scored exactly once; position 0 has no context and is never scored.
 *
 * <p>The first window is [0, min(context, length)) and scores positions 1..end-1. Each next window
 * ends {@code step} tokens later, starts {@code context} tokens before its end, and scores only
 * the positions the previous window did not reach. {@code step} is the configured stride capped at
 * context - 1 (0 means context - 1: the least overlap that still gives every scored token at least
 * one token of context). A smaller stride gives each scored token more context and costs more.
 *
 * @param begin first token fed to the model
 * @param end one past the last token fed
 * @param scoreFrom first position scored (its prediction uses tokens begin..scoreFrom-1)
 */
public record Windows(int begin, int end, int scoreFrom) {

  /** The windows covering {@code length} tokens (empty when length < 2). */
  public static List<Windows> plan(int length, int context, int stride) {
    if (context < 2) {
      throw new IllegalArgumentException("Context of " + context + " tokens cannot score anything (need >= 2)");
    }
    List<Windows> out = new ArrayList<>();
    if (length < 2) {
      return out;
    }
    int step = stride <= 0 ? context - 1 : Math.min(stride, context - 1);
    int end = Math.min(context, length);
    out.add(new Windows(0, end, 1));
    while (end < length) {
      int next = Math.min(end + step, length);
      out.add(new Windows(Math.max(0, next - context), next, end));
      end = next;
    }
    return out;
  }
}
