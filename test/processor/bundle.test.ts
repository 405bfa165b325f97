import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { buildProcessorBundle } from "../../processor/bundle";

describe("buildProcessorBundle", () => {
  // Inside the repository (dist/ is ignored) so the bundle's require of the SDK resolves to node_modules, as the runtime's would.
  mkdirSync(join(__dirname, "../../dist"), { recursive: true });
  const outDir = mkdtempSync(join(__dirname, "../../dist/bundle-test-"));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("writes a small minified CJS index.js + map exporting handler, leaving the SDK to the runtime", async () => {
    const bundle = await buildProcessorBundle(outDir);
    expect(bundle).toMatchObject({ file: join(outDir, "index.js"), handler: "index.handler" });
    expect(bundle.bytes).toBeLessThan(200_000);
    const code = readFileSync(bundle.file, "utf8");
    expect(code).toMatch(/require\("@aws-sdk\/client-cloudwatch-logs"\)/);
    expect(code).toMatch(/sourceMappingURL=index\.js\.map/);
    const map = JSON.parse(readFileSync(`${bundle.file}.map`, "utf8")) as { sources: string[] };
    expect(map.sources.every((source) => !source.startsWith("/"))).toBe(true);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(bundle.file) as { handler: unknown };
    expect(typeof loaded.handler).toBe("function");
  });
});
