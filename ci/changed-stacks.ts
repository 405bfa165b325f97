/**
 * Which stacks a change touches: those whose synthesized `cdk.tf.json` differs between the base's
 * synth and this one's, or that the base does not have. A pull request then plans only those in
 * Terraform Cloud instead of every workspace of the estate, and `loghop plan` lists the same ones:
 * both call `compareSynthOutputs`, so what a plan promises is what CI plans.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { synthesizedStackDirectory } from "../inventory/names";

/** Text of a stack's `cdk.tf.json` in a synth output directory; undefined when it has no such stack. */
export function synthesizedStack(outdir: string, stackName: string): string | undefined {
  const file = join(synthesizedStackDirectory(stackName, outdir), "cdk.tf.json");
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}

/** Every stack a synth output directory holds, sorted. */
export function synthesizedStackNames(outdir: string): string[] {
  const stacksDir = join(outdir, "stacks");
  if (!existsSync(stacksDir)) return [];
  return readdirSync(stacksDir)
    .filter((name) => existsSync(join(stacksDir, name, "cdk.tf.json")))
    .sort();
}

export interface SynthComparison {
  /** Stacks (in the given order) whose JSON is new or different in head. */
  readonly changed: readonly string[];
  /** The subset of `changed` the base does not have at all. */
  readonly added: readonly string[];
  /** Stacks the base synthesized that head no longer does (sorted): Terraform does not destroy them by itself. */
  readonly removed: readonly string[];
}

export function compareSynthOutputs(
  baseOutdir: string,
  headOutdir: string,
  stacks: readonly string[],
): SynthComparison {
  const changed: string[] = [];
  const added: string[] = [];
  for (const stack of stacks) {
    const head = synthesizedStack(headOutdir, stack);
    if (head === undefined) continue;
    const base = synthesizedStack(baseOutdir, stack);
    if (head === base) continue;
    changed.push(stack);
    if (base === undefined) added.push(stack);
  }
  const inHead = new Set(synthesizedStackNames(headOutdir));
  const removed = synthesizedStackNames(baseOutdir).filter((stack) => !inHead.has(stack));
  return { changed, added, removed };
}

/** `stacks` (in their given order) whose synthesized JSON is new or different in `headOutdir`. */
export function changedStacks(baseOutdir: string, headOutdir: string, stacks: readonly string[]): string[] {
  return [...compareSynthOutputs(baseOutdir, headOutdir, stacks).changed];
}
