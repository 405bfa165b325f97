/**
 * Builds the Lambda bundle: `dist/processor/index.js` (+ source map),
 * handler `index.handler`. Run with `npm run build:processor`.
 *
 * The AWS SDK v3 (`@aws-sdk/*`, `@smithy/*`) is NOT bundled: the nodejs22.x
 * runtime ships it, which keeps the bundle small (faster cold starts, a
 * small asset in every region stack) and lets the runtime's SDK receive
 * AWS's security fixes. The processor uses only long-stable client APIs,
 * so the runtime's version is safe. Powertools metrics is bundled (it is
 * not part of the runtime).
 */
import { build, type BuildOptions } from "esbuild";
import { statSync } from "node:fs";
import { join, resolve } from "node:path";

/** The esbuild options the Lambda bundle and the worker image's bundle share: one minified CommonJS file for node22. */
export const NODE22_BUNDLE_OPTIONS = {
  bundle: true,
  minify: true,
  sourcemap: true,
  // Relative source paths in the map: the same bundle on every machine.
  sourceRoot: "",
  platform: "node",
  target: "node22",
  format: "cjs",
  legalComments: "none",
  logLevel: "warning",
} as const satisfies BuildOptions;

export interface ProcessorBundle {
  readonly outDir: string;
  readonly file: string;
  readonly bytes: number;
  readonly handler: "index.handler";
}

export async function buildProcessorBundle(outDir = "dist/processor"): Promise<ProcessorBundle> {
  const file = join(outDir, "index.js");
  await build({
    ...NODE22_BUNDLE_OPTIONS,
    entryPoints: [resolve(__dirname, "lambda.ts")],
    outfile: file,
    external: ["@aws-sdk/*", "@smithy/*"],
  });
  return { outDir, file, bytes: statSync(file).size, handler: "index.handler" };
}

if (require.main === module) {
  buildProcessorBundle(process.argv[2]).then(
    (bundle) => process.stdout.write(`${bundle.file}: ${bundle.bytes} bytes, handler ${bundle.handler}\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
