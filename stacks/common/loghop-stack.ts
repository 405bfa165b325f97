/**
 * The base of every loghop stack. loghop's stacks never reference each other's resources: values
 * cross stacks as names and ARNs computed at synth time (inventory/names.ts), because each stack
 * has its own state and trust domain, and a cdktf cross-stack reference would make one stack read
 * another's state (`terraform_remote_state`) and tie their applies together.
 *
 * That is what makes cdktf's `prepareStack` pass unnecessary: it resolves every element of every
 * stack once more, before synthesis, only to discover cross-stack references — a third resolution
 * of every resource beside synthesis' own two, about a third of synth's CPU (measured on 1,000
 * clusters / 10 regions: 9.9 → 6.7 s, every `cdk.tf.json` byte-identical). So it is skipped.
 * Without it cdktf would write another stack's reference as if it were local, so each synthesized
 * stack is checked instead: every `${<type>.<name>…}` it contains must name one of its own
 * resources or data sources.
 */
import { TerraformStack } from "cdktf";

export class CrossStackReferenceError extends Error {}

/** The synthesized JSON of a stack, as far as the reference check reads it. */
interface StackJson {
  readonly terraform?: { readonly required_providers?: Record<string, unknown> };
  readonly resource?: Record<string, Record<string, unknown>>;
  readonly data?: Record<string, Record<string, unknown>>;
}

/** A Terraform interpolation, not its `$${…}` escape (IAM policy variables). */
const INTERPOLATION = /(?<!\$)\$\{([^}]*)\}/g;
/** `type.name` or `data.type.name` at the start of a traversal. */
const ADDRESS = /(?<![\w.-])(data\.)?([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)/g;

/** Every resource address a string interpolates, whose type belongs to one of `providers`. */
function addressesIn(text: string, providers: readonly string[]): string[] {
  const found: string[] = [];
  for (const [, expression] of text.matchAll(INTERPOLATION)) {
    for (const [, data, type, name] of (expression as string).matchAll(ADDRESS)) {
      if (providers.some((provider) => (type as string).startsWith(`${provider}_`))) {
        found.push(`${data ?? ""}${type}.${name}`);
      }
    }
  }
  return found;
}

/** Throws when `tf` interpolates a resource or data source it does not itself declare. */
export function assertOwnReferences(stackName: string, tf: StackJson): void {
  const providers = Object.keys(tf.terraform?.required_providers ?? {});
  const declared = new Set<string>();
  for (const [type, byName] of Object.entries(tf.resource ?? {})) {
    for (const name of Object.keys(byName)) declared.add(`${type}.${name}`);
  }
  for (const [type, byName] of Object.entries(tf.data ?? {})) {
    for (const name of Object.keys(byName)) declared.add(`data.${type}.${name}`);
  }
  // One native serialization and one scan: cheaper than walking the object tree in JS.
  const foreign = addressesIn(JSON.stringify(tf), providers).find((address) => !declared.has(address));
  if (foreign !== undefined) {
    throw new CrossStackReferenceError(
      `stack ${stackName} references ${foreign}, which is not one of its resources: ` +
        "loghop stacks exchange synth-time names, never another stack's resources or state",
    );
  }
}

export abstract class LoghopStack extends TerraformStack {
  public override prepareStack(): void {
    // What cdktf's pass does besides the discovery: give a stack without a backend its default.
    this.ensureBackendExists();
  }

  // cdktf types the synthesized stack as `any`.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  public override toTerraform(): any {
    const tf: unknown = super.toTerraform();
    assertOwnReferences(this.node.id, tf as StackJson);
    return tf;
  }
}
