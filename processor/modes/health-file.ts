/**
 * Liveness of the SQS worker without an HTTP server: the worker rewrites a file before every
 * receive and at every visibility renewal, and the pod's exec probe fails when the file is older
 * than a bound. A worker whose event loop is stuck, or that stopped polling, stops touching it.
 */
import { writeFile } from "node:fs/promises";

/** Longest gap between two touches of a healthy worker: a long poll, or a renewal interval while working. */
export function healthFileMaxGapSeconds(waitTimeSeconds: number, visibilityTimeoutSeconds: number): number {
  return Math.max(waitTimeSeconds, visibilityTimeoutSeconds / 3);
}

export async function touchHealthFile(path: string): Promise<void> {
  await writeFile(path, `${new Date().toISOString()}\n`);
}

/**
 * The exec probe: `node -e` exits 0 when the file exists and is younger than `maxAgeSeconds`,
 * 1 otherwise (missing file included). The image has node and nothing else to probe with.
 */
export function healthProbeCommand(path: string, maxAgeSeconds: number): string[] {
  const script =
    `const fs=require("fs");` +
    `try{process.exit(Date.now()-fs.statSync(${JSON.stringify(path)}).mtimeMs<${maxAgeSeconds * 1000}?0:1)}` +
    `catch{process.exit(1)}`;
  return ["node", "-e", script];
}
