/**
 * Which stacks a change touches: those whose synthesized `cdk.tf.json` differs between the base
 * branch's synth and this one's, or that the base does not have. A pull request then plans only
 * those in Terraform Cloud instead of every workspace of the estate.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

function synthesized(outdir: string, stackName: string): string | undefined {
  const file = join(outdir, "stacks", stackName, "cdk.tf.json");
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}

/** `stacks` (in their given order) whose synthesized JSON is new or different in `headOutdir`. */
export function changedStacks(baseOutdir: string, headOutdir: string, stacks: readonly string[]): string[] {
  return stacks.filter((stack) => {
    const head = synthesized(headOutdir, stack);
    return head !== undefined && head !== synthesized(baseOutdir, stack);
  });
}
