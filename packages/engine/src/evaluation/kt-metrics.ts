/**
 * Accuracy metrics of probabilistic predictions of binary outcomes: AUC, RMSE, log-loss.
 * Inputs that would make a metric undefined raise `KtMetricError` instead of returning NaN.
 */

export class KtMetricError extends Error {
  override readonly name = "KtMetricError";
}

/** Predictions are clipped to [ε, 1-ε] in log-loss so one confident mistake costs a finite amount. */
export const LOG_LOSS_EPSILON = 1e-15;

function check(labels: ArrayLike<number>, predictions: ArrayLike<number>): void {
  if (labels.length !== predictions.length) {
    throw new KtMetricError(`${labels.length} labels but ${predictions.length} predictions`);
  }
  if (labels.length === 0) throw new KtMetricError("no predictions to score");
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    const p = predictions[i]!;
    if (y !== 0 && y !== 1) throw new KtMetricError(`label ${i} is ${y}, not 0 or 1`);
    if (!(p >= 0 && p <= 1)) throw new KtMetricError(`prediction ${i} is ${p}, not a probability`);
  }
}

/**
 * Area under the ROC curve: the probability that a random positive is ranked above a random
 * negative, ties counting one half (Mann–Whitney U with mid-ranks).
 */
export function aucScore(labels: ArrayLike<number>, predictions: ArrayLike<number>): number {
  check(labels, predictions);
  const n = labels.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => predictions[a]! - predictions[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && predictions[order[j + 1]!] === predictions[order[i]!]) j++;
    const midRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]!] === 1) {
        positives++;
        rankSum += midRank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) {
    throw new KtMetricError("AUC needs at least one correct and one incorrect response");
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Root mean squared error between outcomes (0/1) and predicted probabilities. */
export function rmseScore(labels: ArrayLike<number>, predictions: ArrayLike<number>): number {
  check(labels, predictions);
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const d = labels[i]! - predictions[i]!;
    sum += d * d;
  }
  return Math.sqrt(sum / labels.length);
}

/** Mean negative log-likelihood (natural log) of the outcomes under the predictions. */
export function logLossScore(labels: ArrayLike<number>, predictions: ArrayLike<number>): number {
  check(labels, predictions);
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - LOG_LOSS_EPSILON, Math.max(LOG_LOSS_EPSILON, predictions[i]!));
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / labels.length;
}
