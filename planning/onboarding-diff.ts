/**
 * Onboarding documents (`k8s-out/_onboarding/<tenant>.md`, `.cfn.json`) that differ between two inventories: a
 * self-applying customer must be sent the new page (e.g. after an ExternalId rotation) and re-apply.
 */
import { renderFiles } from "../generators/index";
import { ONBOARDING_DIR } from "../generators/output/files";
import { compareText } from "../generators/sort";
import type { ResolvedInventory } from "../inventory/resolved";

export interface DocumentChange {
  /** Path under the generated-files directory, e.g. `_onboarding/globex.md`. */
  readonly path: string;
  readonly status: "added" | "changed" | "removed";
}

function onboardingPages(inventory: ResolvedInventory): Map<string, string> {
  return new Map(
    renderFiles(inventory)
      .filter((file) => file.path.startsWith(`${ONBOARDING_DIR}/`))
      .map((file) => [file.path, file.contents]),
  );
}

export function onboardingChanges(base: ResolvedInventory, head: ResolvedInventory): DocumentChange[] {
  const before = onboardingPages(base);
  const after = onboardingPages(head);
  const changes: DocumentChange[] = [];
  for (const [path, contents] of after) {
    const old = before.get(path);
    if (old === undefined) changes.push({ path, status: "added" });
    else if (old !== contents) changes.push({ path, status: "changed" });
  }
  for (const path of before.keys()) if (!after.has(path)) changes.push({ path, status: "removed" });
  return changes.sort((a, b) => compareText(a.path, b.path));
}
