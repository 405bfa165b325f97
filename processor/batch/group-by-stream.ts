import { parseStagedKey } from "../events/object-key";
import type { StagedObjectRef } from "../events/types";

/**
 * Objects of one pod go to one stream: they are delivered one after
 * another, in key order (agents put a time in the file name), while
 * different streams proceed concurrently.
 */
export function groupByStream<T extends { readonly ref: StagedObjectRef }>(jobs: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const job of jobs) {
    const parsed = parseStagedKey(job.ref.key);
    const streamKey = parsed.ok
      ? `${job.ref.bucket}\u0000${parsed.key.cluster}/${parsed.key.tenant}/${parsed.key.application}/${parsed.key.pod}`
      : `${job.ref.bucket}\u0000${job.ref.key}`;
    const group = groups.get(streamKey) ?? [];
    group.push(job);
    groups.set(streamKey, group);
  }
  const ordered = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, group]) => group);
  for (const group of ordered) {
    group.sort((a, b) =>
      a.ref.key !== b.ref.key
        ? a.ref.key < b.ref.key
          ? -1
          : 1
        : (a.ref.sequencer ?? "").localeCompare(b.ref.sequencer ?? ""),
    );
  }
  return ordered;
}

/** Runs `worker` over `items` with at most `limit` running at once; results keep input order. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  worker: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(Math.max(1, limit), items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await worker(items[index]!);
    }
  });
  await Promise.all(lanes);
  return results;
}
