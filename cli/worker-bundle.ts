/**
 * Builds the worker image's only program: `dist/worker/loghop-worker.js`, `cli/worker-main.ts`
 * with every dependency inlined, the AWS SDK included (the image has no node_modules, unlike
 * the Lambda runtime, which ships the SDK). Run with `npm run build:worker`; the Containerfile
 * runs it in its build stage.
 */
import { build } from "esbuild";
import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { NODE22_BUNDLE_OPTIONS } from "../processor/bundle";

export const WORKER_BUNDLE_FILE_NAME = "loghop-worker.js";

export interface WorkerBundle {
  readonly file: string;
  readonly bytes: number;
}

export async function buildWorkerBundle(outDir = join("dist", "worker")): Promise<WorkerBundle> {
  const file = join(outDir, WORKER_BUNDLE_FILE_NAME);
  await build({ ...NODE22_BUNDLE_OPTIONS, entryPoints: [resolve(__dirname, "worker-main.ts")], outfile: file });
  return { file, bytes: statSync(file).size };
}

if (require.main === module) {
  buildWorkerBundle(process.argv[2]).then(
    (bundle) => process.stdout.write(`${bundle.file}: ${bundle.bytes} bytes\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
