package sparktune.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Projects a measured round's per-node bytes to other worker counts and model sizes: a projection,
 * not a measurement. The busiest task's weight exchange per parameter is fitted as
 * {@code flat + shardTerm / N}: {@code shardTerm} is the N-dependent part of the documented
 * per-task formula (a task keeps its own 1/N of the deltas and of the updates in memory: b P (3 - 2/N)
 * in a plain round, so -2b per parameter), and {@code flat} is what the measured round leaves after
 * subtracting {@code shardTerm / N} at the measured N. Inner optimizer state is written only at
 * checkpoints; a plain round's is 0. A node's transfer
 * time is its bytes (read plus written) over one link; compute is {@code H} inner steps.
 */
final class TrafficProjection {
  private TrafficProjection() {}

  /**
   * What one measured round gives.
   *
   * @param params P of the measured model
   * @param workers N of the measured run
   * @param exchangeBytes weight-exchange bytes read plus written by the busiest task in the round
   * @param innerStateBytesPerWorker inner-state bytes one worker wrote in the round
   * @param shardTermPerParam bytes per parameter of the exchange that scale as 1 / N (-2b in a plain round)
   */
  record Measured(long params, int workers, long exchangeBytes, long innerStateBytesPerWorker, double shardTermPerParam) {
    /** Exchange bytes per parameter that do not depend on N. */
    double flatPerParam() {
      return (double) exchangeBytes / params - shardTermPerParam / workers;
    }

    double innerPerParam() {
      return (double) innerStateBytesPerWorker / params;
    }
  }

  /** One cell of the projection: N workers training a model of P parameters. */
  record Row(int workers, long params, long exchangeBytes, long innerStateBytes, double transferSeconds, double computeSeconds) {
    long nodeBytes() {
      return exchangeBytes + innerStateBytes;
    }

    /** Share of a round spent moving bytes when transfer and compute do not overlap. */
    double commFraction() {
      return transferSeconds / (transferSeconds + computeSeconds);
    }

    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("workers", workers);
      m.put("params", params);
      m.put("exchange_bytes_per_node", exchangeBytes);
      m.put("inner_state_bytes_per_node", innerStateBytes);
      m.put("bytes_per_node", nodeBytes());
      m.put("transfer_seconds", round3(transferSeconds));
      m.put("compute_seconds", round3(computeSeconds));
      m.put("comm_fraction", round3(commFraction()));
      // Without the inner-state writes (state kept in executor memory between rounds).
      double exchangeSeconds = transferSeconds * exchangeBytes / nodeBytes();
      m.put("comm_fraction_exchange_only", round3(exchangeSeconds / (exchangeSeconds + computeSeconds)));
      return m;
    }
  }

  /**
   * The projection for every (N, P) pair.
   *
   * @param gbitPerSecond one node's link, Gbit/s (10^9 bits)
   * @param stepSeconds seconds per inner step
   * @param innerSteps H
   */
  static List<Row> project(Measured m, int[] workers, long[] params, double gbitPerSecond, double stepSeconds, int innerSteps) {
    double bytesPerSecond = gbitPerSecond * 1e9 / 8;
    List<Row> rows = new ArrayList<>();
    for (long p : params) {
      for (int n : workers) {
        long exchange = Math.round(p * (m.flatPerParam() + m.shardTermPerParam() / n));
        long inner = Math.round(p * m.innerPerParam());
        rows.add(new Row(n, p, exchange, inner, (exchange + inner) / bytesPerSecond, innerSteps * stepSeconds));
      }
    }
    return rows;
  }

  static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
