/** The processor zip: deterministic, readable by an independent reader, built once per synth and shared by every region stack. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashPath } from "cdktf/lib/private/fs";
import { buildApp } from "../../stacks/app";
import { crc32, zipArchive } from "../../stacks/common/zip-archive";
import { bundleContentHash } from "../../stacks/region/bundle-hash";
import { PROCESSOR_ARCHIVE_DIR, processorArchive } from "../../stacks/region/processor-archive";
import { scaledInventory } from "./support/inventories";
import { fakeProcessorBundle, synthApp } from "./support/synth";

const scratch: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "loghop-archive-"));
  scratch.push(dir);
  return dir;
}
afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A bundle like processor/bundle.ts writes, plus a nested file. */
function bundleWith(handler: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, "index.js"), handler);
  writeFileSync(join(dir, "index.js.map"), '{"version":3,"sources":[],"mappings":""}');
  mkdirSync(join(dir, "lib"));
  writeFileSync(join(dir, "lib", "a.js"), "module.exports = 1;\n".repeat(200));
  return dir;
}

const HANDLER = "exports.handler = async () => ({ batchItemFailures: [] });\n";

test("crc32 gives the ISO 3309 check value", () => {
  expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
  expect(crc32(Buffer.alloc(0))).toBe(0);
});

/**
 * The archive as an independent reader sees it: Python's zipfile (Python 3 is on every machine the
 * tests run on, `unzip` is not). Per entry: name, size, CRC check, compression, system, version,
 * date and Unix mode, plus the contents in base64.
 */
function readWithPython(zip: string): { readonly bad: string | null; readonly entries: Record<string, unknown>[] } {
  const script = [
    "import base64, json, sys, zipfile",
    "z = zipfile.ZipFile(sys.argv[1])",
    "print(json.dumps({'bad': z.testzip(), 'entries': [{'name': i.filename, 'size': i.file_size,",
    " 'compress': i.compress_type, 'system': i.create_system, 'version': i.extract_version,",
    " 'date': list(i.date_time), 'mode': oct(i.external_attr >> 16),",
    " 'data': base64.b64encode(z.read(i.filename)).decode()} for i in z.infolist()]}))",
  ].join("\n");
  return JSON.parse(execFileSync("python3", ["-c", script, zip], { encoding: "utf8" })) as {
    bad: string | null;
    entries: Record<string, unknown>[];
  };
}

/** One entry's bytes, as Python's zipfile reads them. */
function pythonEntry(zip: string, name: string): Buffer {
  const entry = readWithPython(zip).entries.find((e) => e["name"] === name);
  if (entry === undefined) throw new Error(`${zip} has no ${name}`);
  return Buffer.from(entry["data"] as string, "base64");
}

test("an independent reader (Python's zipfile) reads the archive back: names, contents and CRCs, mode 0644", () => {
  const zip = join(tempDir(), "a.zip");
  const big = Buffer.from("line of log text\n".repeat(5_000));
  writeFileSync(
    zip,
    zipArchive([
      { name: "index.js", data: Buffer.from(HANDLER) },
      { name: "lib/big.txt", data: big },
      { name: "empty", data: Buffer.alloc(0) },
    ]),
  );
  const read = readWithPython(zip);
  // testzip() checks every entry's CRC and returns the first bad name, or None.
  expect(read.bad).toBeNull();
  expect(read.entries).toHaveLength(3);
  const byName = Object.fromEntries(read.entries.map((entry) => [entry["name"] as string, entry]));
  expect(Buffer.from(byName["lib/big.txt"]?.["data"] as string, "base64")).toStrictEqual(big);
  expect(Buffer.from(byName["index.js"]?.["data"] as string, "base64").toString("utf8")).toBe(HANDLER);
  // Deflate (8), made on Unix (3), version 2.0, 1980-01-01 00:00, regular file rw-r--r--.
  const { data: _data, ...index } = byName["index.js"] as Record<string, unknown>;
  expect(index).toStrictEqual({
    name: "index.js",
    size: 59,
    compress: 8,
    system: 3,
    version: 20,
    date: [1980, 1, 1, 0, 0, 0],
    mode: "0o100644",
  });
});

describe("processorArchive", () => {
  test("the same bundle gives the same zip bytes, whatever its file times and output directory", () => {
    const first = bundleWith(HANDLER);
    const second = bundleWith(HANDLER);
    utimesSync(join(second, "index.js"), new Date(0), new Date(0));
    const a = processorArchive(tempDir(), first);
    const b = processorArchive(tempDir(), second);
    expect(readFileSync(a.file)).toStrictEqual(readFileSync(b.file));
    expect(a.sourceCodeHash).toBe(b.sourceCodeHash);
    expect(a.assetHash).toBe(b.assetHash);
  });

  test("keeps the names cdktf's ARCHIVE asset used: its directory hash and the bundle's content hash", () => {
    const bundle = bundleWith(HANDLER);
    const archive = processorArchive(tempDir(), bundle);
    expect(archive.assetHash).toBe(hashPath(bundle));
    expect(archive.assetHash).toMatch(/^[0-9A-F]{32}$/);
    expect(archive.sourceCodeHash).toBe(bundleContentHash(bundle));
    expect(archive.file.endsWith("/archive.zip")).toBe(true);
  });

  test("a changed bundle changes the zip, its hashes and its path; the old zip is removed", () => {
    const outdir = tempDir();
    const bundle = bundleWith(HANDLER);
    const before = processorArchive(outdir, bundle);
    const beforeBytes = readFileSync(before.file);
    writeFileSync(join(bundle, "index.js"), HANDLER.replace("[]", "[{ itemIdentifier: 'x' }]"));
    const after = processorArchive(outdir, bundle);
    expect(after.file).not.toBe(before.file);
    expect(after.assetHash).not.toBe(before.assetHash);
    expect(after.sourceCodeHash).not.toBe(before.sourceCodeHash);
    expect(readFileSync(after.file)).not.toStrictEqual(beforeBytes);
    expect(readdirSync(join(outdir, PROCESSOR_ARCHIVE_DIR))).toHaveLength(1);
    expect(pythonEntry(after.file, "index.js").toString("utf8")).toContain("itemIdentifier");
  });
});

test("every region stack of a synth ships the same zip bytes, with the bundle's hash as source_code_hash", () => {
  const bundle = fakeProcessorBundle();
  const inventory = scaledInventory({ tenants: 6, clusters: 3, regions: 3 });
  const synth = synthApp((app) => buildApp(app, inventory, { processorBundleDir: bundle.dir }));
  try {
    const regions = synth.stackNames.filter((name) => name.startsWith("region-"));
    expect(regions).toHaveLength(3);
    const zips = regions.map((name) => {
      const fn = synth.only(name, "aws_lambda_function");
      expect(fn["filename"]).toBe(`assets/processor-bundle/${hashPath(bundle.dir)}/archive.zip`);
      expect(fn["source_code_hash"]).toBe(bundleContentHash(bundle.dir));
      return readFileSync(join(synth.outdir, "stacks", name, fn["filename"] as string));
    });
    expect(new Set(zips.map((zip) => zip.toString("base64"))).size).toBe(1);
    const shipped = join(
      synth.outdir,
      "stacks",
      regions[0] as string,
      "assets/processor-bundle",
      hashPath(bundle.dir),
      "archive.zip",
    );
    expect(pythonEntry(shipped, "index.js")).toStrictEqual(readFileSync(join(bundle.dir, "index.js")));
  } finally {
    synth.cleanup();
    bundle.cleanup();
  }
});
