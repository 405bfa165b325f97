/**
 * Builds the CLI bundle `dist/cli/loghop.js` that `bin/loghop.js` runs, plus
 * `dist/cli/inputs.json`: the size and modification time of every file bundled,
 * read just before esbuild read it. `bin/loghop.js` compares them with the files
 * on disk at every start and rebuilds when one differs, so the bundle never runs
 * code older than the checkout. Run with `npm run build:cli` (`npm ci` runs it
 * through the `prepare` script).
 *
 * Compiling TypeScript at every start (tsx) cost ~1.3 s before any command ran;
 * the bundle is plain JavaScript that node parses in tens of milliseconds.
 *
 * Not bundled, loaded from node_modules only by the commands that use them: the
 * AWS SDK (process, replay, fake-logs, demo), cdktf and its providers (ci), VRL
 * (demo). Bundling them would make every start parse ~19 MB.
 */
import standaloneCode from "ajv/dist/standalone";
import { build, type Plugin } from "esbuild";
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, extname, join, relative, resolve } from "node:path";
import { compileInventorySchema } from "../inventory/validate-schema";

const ROOT = resolve(__dirname, "..");
export const CLI_BUNDLE_DIR = join(ROOT, "dist", "cli");
export const CLI_BUNDLE_FILE = join(CLI_BUNDLE_DIR, "loghop.js");
export const CLI_INPUTS_FILE = join(CLI_BUNDLE_DIR, "inputs.json");

/** Packages required from node_modules at run time, by the command that needs them. */
export const CLI_EXTERNAL_PACKAGES = [
  "@aws-sdk/*",
  "@smithy/*",
  "@aws-lambda-powertools/*",
  "cdktf",
  "@cdktf/*",
  "constructs",
  "@bpinternal/verel",
  "esbuild",
  "tsx",
] as const;

/** One bundled file as it was when read: `[path relative to the root, bytes, mtime ms]`. */
export type BundleInput = readonly [path: string, size: number, mtimeMs: number];

export interface CliBundle {
  readonly file: string;
  readonly bytes: number;
  readonly inputs: number;
}

const PRECOMPILED_SCHEMA_MODULE = join(ROOT, "inventory", "precompiled-schema.ts");

/** ajv's standalone code for the inventory schema: compiling it at every start cost ~140 ms of `validate`. */
function precompiledSchemaModule(): string {
  const { ajv, validate } = compileInventorySchema({ source: true });
  const code = standaloneCode(ajv, validate);
  return (
    "const precompiled = (() => { const module = { exports: {} }; const exports = module.exports;\n" +
    `${code}\nreturn module.exports; })();\nexports.precompiledInventoryValidator = precompiled;\n`
  );
}

const LOADERS: Readonly<Record<string, "ts" | "js" | "json">> = {
  ".ts": "ts",
  ".js": "js",
  ".cjs": "js",
  ".json": "json",
};

/**
 * Records each file's stat before reading it (an edit made after the read then shows as a newer
 * mtime next start), and gives the project's own files their source directory for `__dirname`:
 * the generators read their templates beside their source, not beside the bundle.
 */
function recordInputs(inputs: BundleInput[]): Plugin {
  return {
    name: "loghop-record-inputs",
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /\.(ts|js|cjs|json)$/ }, (args) => {
        const stat = statSync(args.path);
        let contents = readFileSync(args.path, "utf8");
        inputs.push([relative(ROOT, args.path), stat.size, stat.mtimeMs]);
        if (args.path === PRECOMPILED_SCHEMA_MODULE) {
          return { contents: precompiledSchemaModule(), loader: "js", resolveDir: dirname(args.path) };
        }
        const own = !relative(ROOT, args.path).startsWith("node_modules");
        if (own && /\b__dirname\b/.test(contents)) {
          const sourceDir = JSON.stringify(relative(CLI_BUNDLE_DIR, dirname(args.path)));
          contents =
            `const __loghopSourceDir = require("node:path").join(__dirname, ${sourceDir});\n` +
            contents.replace(/\b__dirname\b/g, "__loghopSourceDir");
        }
        return { contents, loader: LOADERS[extname(args.path)] ?? "js" };
      });
    },
  };
}

/** Builds into a directory of its own and renames the files into place: concurrent starts never see half a file. */
export async function buildCliBundle(): Promise<CliBundle> {
  const scratch = join(CLI_BUNDLE_DIR, `.build-${process.pid}`);
  mkdirSync(scratch, { recursive: true });
  const inputs: BundleInput[] = [];
  await build({
    entryPoints: [join(ROOT, "cli", "main.ts")],
    outfile: join(scratch, "loghop.js"),
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    external: [...CLI_EXTERNAL_PACKAGES],
    // A separate map: node reads it only under --enable-source-maps (an inline one tripled the bytes parsed at start).
    sourcemap: "linked",
    sourceRoot: "",
    legalComments: "none",
    logLevel: "warning",
    plugins: [recordInputs(inputs)],
  });
  // This file too: a change to how the bundle is built must rebuild it.
  const self = statSync(__filename);
  inputs.push([relative(ROOT, __filename), self.size, self.mtimeMs]);
  inputs.sort((a, b) => a[0].localeCompare(b[0]));
  writeFileSync(join(scratch, "inputs.json"), `${JSON.stringify({ inputs })}\n`);
  // The inputs list first: a bundle newer than its list only costs one extra rebuild.
  renameSync(join(scratch, "inputs.json"), CLI_INPUTS_FILE);
  renameSync(join(scratch, "loghop.js.map"), `${CLI_BUNDLE_FILE}.map`);
  renameSync(join(scratch, "loghop.js"), CLI_BUNDLE_FILE);
  rmSync(scratch, { recursive: true, force: true });
  return { file: CLI_BUNDLE_FILE, bytes: statSync(CLI_BUNDLE_FILE).size, inputs: inputs.length };
}

if (require.main === module) {
  buildCliBundle().then(
    (bundle) =>
      process.stdout.write(
        `${relative(process.cwd(), bundle.file)}: ${bundle.bytes} bytes from ${bundle.inputs} files\n`,
      ),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
