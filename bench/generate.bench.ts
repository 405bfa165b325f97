/**
 * Generating 100 clusters must take ≤ 5 s (issue 4). Measures renderFiles on
 * an inventory of 100 clusters derived from the example (all three tenant
 * rules, both platforms), then writes the tree once to a temp dir.
 *
 * Baseline, same run: JSON.stringify of the very same objects (manifests,
 * tenant items, environments), built once beforehand — the cheapest possible
 * serialization of the output, so the ratio shows what building the objects,
 * VRL templating, YAML and Markdown cost on top of merely writing them out.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import {
  buildClusterManifests,
  buildProcessorEnvironment,
  buildTenantDeliveryItems,
  generateAll,
  renderFiles,
} from "../generators";
import { loadInventory } from "../inventory/load";
import type { ResolvedCluster, ResolvedInventory } from "../inventory/resolved";

const CLUSTERS = 100;
const RUNS = 5;
const TARGET_SECONDS = 5;

function inventoryWith(clusterCount: number): ResolvedInventory {
  const base = loadInventory(join(__dirname, "..", "examples", "inventory.json")).inventory;
  const clusters: ResolvedCluster[] = Array.from({ length: clusterCount }, (_, n) => {
    const template = base.clusters[n % base.clusters.length]!;
    return { ...template, id: `${template.id}-${String(n).padStart(3, "0")}` };
  });
  const tenants = base.tenants.map((tenant) => ({
    ...tenant,
    clusterIds: clusters.filter((c) => c.tenants.includes(tenant.id)).map((c) => c.id),
  }));
  return { ...base, clusters, tenants };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(action: () => unknown): number {
  const start = performance.now();
  action();
  return performance.now() - start;
}

const inv = inventoryWith(CLUSTERS);

// Warm-up: template compilation and module loading are not what is measured.
renderFiles(inventoryWith(3));

const objects = {
  manifests: inv.clusters.map((c) => buildClusterManifests(inv, c)),
  items: buildTenantDeliveryItems(inv),
  environments: inv.central.regions.map((r) => buildProcessorEnvironment(inv, r)),
};

const render: number[] = [];
const baseline: number[] = [];
let files = 0;
let bytes = 0;
let baselineBytes = 0;
for (let run = 0; run < RUNS; run += 1) {
  render.push(
    time(() => {
      const out = renderFiles(inv);
      files = out.length;
      bytes = out.reduce((sum, f) => sum + Buffer.byteLength(f.contents), 0);
    }),
  );
  baseline.push(
    time(() => {
      baselineBytes = JSON.stringify(objects).length;
    }),
  );
}

const dir = mkdtempSync(join(tmpdir(), "loghop-bench-"));
const writeMs = time(() => generateAll(inv, dir));
rmSync(dir, { recursive: true, force: true });

const renderMs = median(render);
const baselineMs = median(baseline);
const totalSeconds = (renderMs + writeMs) / 1000;
const line = (label: string, value: string): void => console.log(`  ${`${label}:`.padEnd(42)}${value}`);
console.log(`generate: ${CLUSTERS} clusters → ${files} files, ${(bytes / 1e6).toFixed(2)} MB`);
line(`render, median of ${RUNS} runs`, `${renderMs.toFixed(0)} ms (${(renderMs / CLUSTERS).toFixed(2)} ms/cluster)`);
line("render + write to an empty dir", `${(renderMs + writeMs).toFixed(0)} ms`);
line("baseline, JSON.stringify of the objects", `${baselineMs.toFixed(1)} ms (${(baselineBytes / 1e6).toFixed(2)} MB)`);
line("ratio render / baseline", `${(renderMs / baselineMs).toFixed(1)}×`);
line(
  `target ≤ ${TARGET_SECONDS} s`,
  `${totalSeconds <= TARGET_SECONDS ? "met" : "MISSED"} (${totalSeconds.toFixed(2)} s)`,
);
if (totalSeconds > TARGET_SECONDS) process.exitCode = 1;
