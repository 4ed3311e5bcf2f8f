package sparktune.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Beam search as in Hugging Face {@code generate(num_beams=B)} with early_stopping=False: each step
 * expands every beam, keeps the 2B best (beam, token) candidates, moves those ending in EOS (among
 * the first B) to the finished hypotheses and continues with the B best others. Scores are
 * cumulative log-probabilities; a finished hypothesis scores sum log p / length ^ length-penalty.
 */
final class BeamSearch {
  private BeamSearch() {}

  private record Hypothesis(int[] tokens, double score, boolean eos) {}

  private record Candidate(int beam, int token, double score) {}

  static Generation run(DecodeSession s, int[] prompt, DecodingConfig cfg, int maxNew, int eosId) {
    int beams = cfg.numBeams();
    int[][] seqs = new int[beams][];
    for (int b = 0; b < beams; b++) {
      seqs[b] = Arrays.copyOf(prompt, prompt.length + maxNew);
    }
    int len = prompt.length;
    double[] beamScores = new double[beams];
    Arrays.fill(beamScores, 1, beams, Double.NEGATIVE_INFINITY); // beams start identical: expand one
    List<Hypothesis> done = new ArrayList<>();
    for (int step = 0; step < maxNew; step++) {
      float[][] logits = s.logits();
      List<Candidate> candidates = topCandidates(logits, seqs, len, beamScores, cfg, 2 * beams);
      int[] sourceRows = new int[beams];
      int[] nextTokens = new int[beams];
      double[] nextScores = new double[beams];
      int kept = 0;
      for (int rank = 0; rank < candidates.size() && kept < beams; rank++) {
        Candidate c = candidates.get(rank);
        if (c.token() == eosId) {
          if (rank < beams) {
            int[] toks = Arrays.copyOfRange(seqs[c.beam()], prompt.length, len);
            addFinished(done, new Hypothesis(toks, normalize(c.score(), toks.length + 1, cfg), true), beams);
          }
          continue;
        }
        sourceRows[kept] = c.beam();
        nextTokens[kept] = c.token();
        nextScores[kept] = c.score();
        kept++;
      }
      if (kept < beams) { // fewer live candidates than beams (tiny vocabularies): stop here
        break;
      }
      int[][] nextSeqs = new int[beams][];
      for (int b = 0; b < beams; b++) {
        nextSeqs[b] = seqs[sourceRows[b]].clone();
        nextSeqs[b][len] = nextTokens[b];
      }
      seqs = nextSeqs;
      beamScores = nextScores;
      len++;
      if (isDone(done, beamScores[0], len - prompt.length, cfg, beams) || step + 1 == maxNew) {
        break;
      }
      s.reorder(sourceRows);
      s.append(nextTokens);
    }
    for (int b = 0; b < beams; b++) {
      if (beamScores[b] > Double.NEGATIVE_INFINITY) {
        int[] toks = Arrays.copyOfRange(seqs[b], prompt.length, len);
        addFinished(done, new Hypothesis(toks, normalize(beamScores[b], toks.length, cfg), false), beams);
      }
    }
    Hypothesis best = done.stream().max((a, b) -> Double.compare(a.score(), b.score())).orElseThrow();
    return new Generation(best.tokens(), best.eos(), best.score(), s.forwardCalls());
  }

  /** The best {@code k} (beam, token) continuations over all beams, best first. */
  private static List<Candidate> topCandidates(float[][] logits, int[][] seqs, int len, double[] beamScores, DecodingConfig cfg, int k) {
    PriorityQueue<Candidate> heap = new PriorityQueue<>((a, b) -> Double.compare(a.score(), b.score()));
    for (int b = 0; b < logits.length; b++) {
      if (beamScores[b] == Double.NEGATIVE_INFINITY) {
        continue;
      }
      float[] row = logits[b];
      Generator.penalize(row, seqs[b], len, cfg);
      double[] logp = LogitsOps.logSoftmax(row);
      for (int t = 0; t < logp.length; t++) {
        double score = beamScores[b] + logp[t];
        if (score == Double.NEGATIVE_INFINITY) {
          continue;
        }
        if (heap.size() < k) {
          heap.add(new Candidate(b, t, score));
        } else if (score > heap.peek().score()) {
          heap.poll();
          heap.add(new Candidate(b, t, score));
        }
      }
    }
    List<Candidate> out = new ArrayList<>(heap);
    // Best first; ties by beam then token so cached and uncached runs pick identically.
    out.sort((a, b) -> a.score() != b.score() ? Double.compare(b.score(), a.score())
        : a.beam() != b.beam() ? Integer.compare(a.beam(), b.beam()) : Integer.compare(a.token(), b.token()));
    return out;
  }

  private static double normalize(double sumLogProb, int length, DecodingConfig cfg) {
    return sumLogProb / Math.pow(Math.max(1, length), cfg.lengthPenalty());
  }

  /** Keeps the {@code beams} best finished hypotheses. */
  private static void addFinished(List<Hypothesis> done, Hypothesis h, int beams) {
    done.add(h);
    if (done.size() > beams) {
      done.sort((a, b) -> Double.compare(b.score(), a.score()));
      done.remove(done.size() - 1);
    }
  }

  /** Done when B hypotheses are finished and the best live beam cannot beat the worst of them. */
  private static boolean isDone(List<Hypothesis> done, double bestLive, int generated, DecodingConfig cfg, int beams) {
    if (done.size() < beams) {
      return false;
    }
    double worst = done.stream().mapToDouble(Hypothesis::score).min().orElseThrow();
    return normalize(bestLive, generated, cfg) <= worst;
  }
}
