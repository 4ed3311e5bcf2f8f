package sparktune.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import sparktune.eval.Prompts.Block;
import sparktune.eval.Prompts.Prompt;

class PromptsTest {
  private static final int EOS = 0;

  @Test
  void promptsStartAtDocumentStartsAndSkipDocumentsTooShort() {
    List<Block> blocks = List.of(
        new Block(0, new int[] {1, 2, 3, 4, 5, EOS, 6, 7, EOS, 8, 9, 10}),
        new Block(1, new int[] {11, 12, EOS, 13, 14, 15, 16}));
    List<Prompt> p = Prompts.fromBlocks(blocks, EOS, 2, 2, 10);
    // doc 1 2 3 4 5; doc 6 7 is too short (needs more than 2 tokens); doc 8 9 10 is cut by the block end;
    // 11 12 continues a document from block 0, so it is no start; doc 13..16
    assertThat(p).hasSize(3);
    assertThat(p.get(0).prompt()).containsExactly(1, 2);
    assertThat(p.get(0).reference()).containsExactly(3, 4);
    assertThat(p.get(1).prompt()).containsExactly(8, 9);
    assertThat(p.get(1).reference()).containsExactly(10);
    assertThat(p.get(2).prompt()).containsExactly(13, 14);
  }

  @Test
  void atMostMaxPromptsAreTaken() {
    List<Block> blocks = List.of(new Block(3, new int[] {9, EOS, 1, 2, 3, EOS, 4, 5, 6}));
    assertThat(Prompts.fromBlocks(blocks, EOS, 2, 5, 1)).singleElement().extracting(Prompt::prompt).isEqualTo(new int[] {1, 2});
  }

  @Test
  void aBlockAfterOneEndingInEosStartsADocument() {
    List<Block> blocks = List.of(new Block(4, new int[] {7, 7, EOS}), new Block(5, new int[] {1, 2, 3}), new Block(7, new int[] {4, 5, 6}));
    // block 5 follows an EOS; block 7 does not follow block 6 here, so its start is unknown
    assertThat(Prompts.fromBlocks(blocks, EOS, 2, 1, 10)).singleElement().extracting(Prompt::prompt).isEqualTo(new int[] {1, 2});
  }
}
