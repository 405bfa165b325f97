/** "Did you mean …?" for unknown keys and dangling references. */

/**
 * Edit distance counting insertions, deletions, substitutions and adjacent transpositions
 * (optimal string alignment): `alpah` is one typo away from `alpha`, not two.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2][j - 2] + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length][b.length];
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
    const whole = editDistance(lower, other);
    // A word of 4+ letters may be a misspelt start of a longer name: compare it with the
    // candidate's beginning, one letter shorter or longer than the word.
    const start =
      lower.length >= 4 && other.length > lower.length
        ? Math.min(...[-1, 0, 1].map((delta) => editDistance(lower, other.slice(0, lower.length + delta))))
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
