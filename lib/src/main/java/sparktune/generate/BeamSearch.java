package sparktune.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Beam search as in Hugging Face {@code generate(num_beams=B)} with early_stopping=False: each step
 * expands every beam, keeps 2B (beam, token) candidates sorted by score, moves those ending in EOS
 * (among the first B) to the finished hypotheses and continues with the B best others. Scores are
 * cumulative log-probabilities; a finished hypothesis scores sum log p / length ^ length-penalty.
 *
 * <p>Strategy beam keeps the 2B best candidates. Strategy sample (beam-sample, HF
 * {@code do_sample=True, num_beams=B}) scores each beam's tokens by log-softmax / temperature with
 * top-k and top-p applied, and draws the 2B candidates without replacement from softmax over all
 * beams x vocabulary of the cumulative scores.
 */
final class BeamSearch {
  private BeamSearch() {}

  private record Hypothesis(int[] tokens, double score, boolean eos) {}

  /** {@code key} orders the draw: the score itself, or score + Gumbel noise when sampling. */
  private record Candidate(int beam, int token, double score, double key) {}

  static Generation run(DecodeSession s, int[] prompt, DecodingConfig cfg, int maxNew, int eosId) {
    int beams = cfg.numBeams();
    Random random = cfg.strategy() == Strategy.SAMPLE ? cfg.random() : null;
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
      List<Candidate> candidates = candidates(logits, seqs, len, beamScores, cfg, random, 2 * beams);
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

  /**
   * {@code k} (beam, token) continuations over all beams, sorted by cumulative score (best first).
   * Without {@code random}: the k best. With it: k distinct draws without replacement from
   * softmax(cumulative scores) over all beams x vocabulary, by the Gumbel-top-k trick (the k
   * largest score + Gumbel(0, 1) keys; one noise draw per finite candidate in beam, token order).
   */
  private static List<Candidate> candidates(
      float[][] logits, int[][] seqs, int len, double[] beamScores, DecodingConfig cfg, Random random, int k) {
    PriorityQueue<Candidate> heap = new PriorityQueue<>((a, b) -> Double.compare(a.key(), b.key()));
    for (int b = 0; b < logits.length; b++) {
      if (beamScores[b] == Double.NEGATIVE_INFINITY) {
        continue;
      }
      double[] step = random == null ? stepScores(logits[b], seqs[b], len, cfg) : sampledStepScores(logits[b], seqs[b], len, cfg);
      for (int t = 0; t < step.length; t++) {
        double score = beamScores[b] + step[t];
        if (score == Double.NEGATIVE_INFINITY) {
          continue;
        }
        double key = random == null ? score : score + gumbel(random);
        if (heap.size() < k) {
          heap.add(new Candidate(b, t, score, key));
        } else if (key > heap.peek().key()) {
          heap.poll();
          heap.add(new Candidate(b, t, score, key));
        }
      }
    }
    List<Candidate> out = new ArrayList<>(heap);
    // Best first; ties by beam then token so cached and uncached runs pick identically.
    out.sort((a, b) -> a.score() != b.score() ? Double.compare(b.score(), a.score())
        : a.beam() != b.beam() ? Integer.compare(a.beam(), b.beam()) : Integer.compare(a.token(), b.token()));
    return out;
  }

  /** Beam search step scores: log-softmax of the penalized logits, (V). */
  private static double[] stepScores(float[] row, int[] seq, int len, DecodingConfig cfg) {
    Generator.penalize(row, seq, len, cfg);
    return LogitsOps.logSoftmax(row);
  }

  /**
   * Beam-sample step scores, (V): log-softmax of the penalized logits divided by the temperature,
   * -inf outside top-k / top-p. softmax(log p / T) = softmax(logits / T), so the filters run on
   * the warped logits exactly as for plain sampling, while the scores stay in double precision.
   */
  private static double[] sampledStepScores(float[] row, int[] seq, int len, DecodingConfig cfg) {
    double[] logp = stepScores(row, seq, len, cfg);
    Generator.warp(row, cfg);
    for (int t = 0; t < logp.length; t++) {
      logp[t] = row[t] == Float.NEGATIVE_INFINITY ? Double.NEGATIVE_INFINITY : logp[t] / cfg.temperature();
    }
    return logp;
  }

  /** A standard Gumbel draw, -log(-log u) with u in (0, 1). */
  private static double gumbel(Random random) {
    double u = Math.max(random.nextDouble(), Double.MIN_VALUE);
    return -Math.log(-Math.log(u));
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
