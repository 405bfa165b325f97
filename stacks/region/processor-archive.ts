/**
 * The processor's deployment package, zipped once per synth and copied into every region stack.
 *
 * cdktf's ARCHIVE asset zips its directory in a child process (`execSync("node fs.js …")`, about
 * 0.4 s each) once per asset, i.e. once per region stack, and stamps file times into the zip. Here
 * the zip is built in this process, deterministically (stacks/common/zip-archive.ts), once per
 * bundle content and output directory; each region stack takes it as a FILE asset, which cdktf
 * copies. The asset keeps the folder name the ARCHIVE asset had (cdktf's hash of the bundle
 * directory), so `filename` in cdk.tf.json is unchanged: `assets/processor-bundle/<hash>/archive.zip`.
 */
import { hashPath } from "cdktf/lib/private/fs";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { zipArchive } from "../common/zip-archive";
import { bundleContentHash, bundleFiles } from "./bundle-hash";

/** Under the app's output directory, beside `stacks/` (which is what gets deployed). */
export const PROCESSOR_ARCHIVE_DIR = "processor-archive";
/** The file name cdktf gives an ARCHIVE asset; a FILE asset keeps its source's name. */
const ARCHIVE_NAME = "archive.zip";

export interface ProcessorArchive {
  /** Absolute path of the zip: `<outdir>/processor-archive/<content hash>/archive.zip`. */
  readonly file: string;
  /**
   * cdktf's hash of the bundle directory (MD5 of the files' contents), the asset's folder name.
   * cdktf 0.21 is the last release (archived), so its private `hashPath` will not change under us.
   */
  readonly assetHash: string;
  /** The Lambda's `source_code_hash` (bundle-hash.ts). */
  readonly sourceCodeHash: string;
}

/** The bundle's zip in `outdir`, written on first use for this bundle content. */
export function processorArchive(outdir: string, bundleDir: string): ProcessorArchive {
  const sourceCodeHash = bundleContentHash(bundleDir);
  const root = resolve(outdir, PROCESSOR_ARCHIVE_DIR);
  const file = join(root, Buffer.from(sourceCodeHash, "base64").toString("hex"), ARCHIVE_NAME);
  if (!existsSync(file)) {
    // A previous bundle's zip is of no further use: keep only the current one.
    rmSync(root, { recursive: true, force: true });
    mkdirSync(dirname(file), { recursive: true });
    const entries = bundleFiles(bundleDir).map((name) => ({ name, data: readFileSync(join(bundleDir, name)) }));
    // Write then rename: an interrupted synth never leaves a truncated zip under the final name.
    writeFileSync(`${file}.partial`, zipArchive(entries));
    renameSync(`${file}.partial`, file);
  }
  return { file, assetHash: hashPath(resolve(bundleDir)), sourceCodeHash };
}
