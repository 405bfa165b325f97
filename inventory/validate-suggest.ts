/** "Did you mean …?" for unknown keys and dangling references. */

/**
 * Edit distance counting insertions, deletions, substitutions and adjacent transpositions
 * (optimal string alignment): `alpah` is one typo away from `alpha`, not two. With `max`,
 * gives up early and returns `max + 1` once the distance must exceed it (an unknown-key
 * report may ask this hundreds of thousands of times).
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      current[j] = best;
      rowMin = Math.min(rowMin, best);
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[b.length]!, max + 1);
}

/**
 * The candidate closest to `word` (case-insensitive), if it is close enough to be a
 * plausible typo: at most a third of the word's letters wrong (minimum 1), either against
 * the whole candidate or against its beginning (`timout` → `timeoutSeconds`,
 * `logGroup` → `logGroupName`).
 */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const threshold = Math.max(1, Math.floor(word.length / 3));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    const whole = editDistance(lower, other, threshold);
    // A word of 4+ letters may be a misspelt start of a longer name: compare it with the
    // candidate's beginning, one letter shorter or longer than the word.
    const start =
      lower.length >= 4 && other.length > lower.length
        ? Math.min(...[-1, 0, 1].map((delta) => editDistance(lower, other.slice(0, lower.length + delta), threshold)))
        : Number.POSITIVE_INFINITY;
    if (whole > threshold && start > threshold) continue;
    // Whole-name matches rank before start-of-name matches.
    const score = whole <= threshold ? whole : start + 1;
    if (best === undefined || score < best.distance) best = { candidate, distance: score };
  }
  return best?.candidate;
}

/**
 * The clause between "what is wrong" and "what is allowed": `; did you mean "tenants"?`,
 * or just `;` when nothing is close. Callers write `${problem}${didYouMean(…)} allowed: …`.
 */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const match = closestMatch(word, candidates);
  return match === undefined ? ";" : `; did you mean "${match}"?`;
}
