/** Synthesize stacks into a temporary directory and read back what Terraform would read. */
import { App } from "cdktf";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The parts of a synthesized cdk.tf.json the tests read. */
export interface TfJson {
  readonly terraform: {
    readonly backend?: Record<string, Record<string, unknown>>;
    readonly cloud?: Record<string, unknown>;
  };
  readonly provider?: Record<string, Array<Record<string, unknown>>>;
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value: unknown; description?: string }>;
}

export interface SynthResult {
  readonly outdir: string;
  /** Stack directory names under `<outdir>/stacks/`, sorted. */
  readonly stackNames: readonly string[];
  stack(name: string): TfJson;
  /** Text of a stack's cdk.tf.json. */
  text(name: string): string;
  /** Every resource of `type` in a stack, by logical id. */
  resources(name: string, type: string): Record<string, Record<string, unknown>>;
  /** The one resource of `type` in a stack (fails when there is not exactly one). */
  only(name: string, type: string): Record<string, unknown>;
  cleanup(): void;
}

export function synthApp(build: (app: App) => void): SynthResult {
  const outdir = mkdtempSync(join(tmpdir(), "loghop-stacks-"));
  const app = new App({ outdir });
  try {
    build(app);
    app.synth();
  } catch (error) {
    rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
  const stacksDir = join(outdir, "stacks");
  const cache = new Map<string, TfJson>();
  const text = (name: string): string => readFileSync(join(stacksDir, name, "cdk.tf.json"), "utf8");
  const stack = (name: string): TfJson => {
    let parsed = cache.get(name);
    if (parsed === undefined) {
      parsed = JSON.parse(text(name)) as TfJson;
      cache.set(name, parsed);
    }
    return parsed;
  };
  const resources = (name: string, type: string): Record<string, Record<string, unknown>> =>
    stack(name).resource?.[type] ?? {};
  return {
    outdir,
    stackNames: readdirSync(stacksDir).sort(),
    stack,
    text,
    resources,
    only(name, type) {
      const all = Object.values(resources(name, type));
      if (all.length !== 1) throw new Error(`${name}: expected one ${type}, found ${all.length}`);
      return all[0] as Record<string, unknown>;
    },
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** A stand-in processor bundle: a directory with a tiny `index.js`, as `processor/bundle.ts` writes. */
export function fakeProcessorBundle(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "loghop-bundle-"));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "index.js"), "exports.handler = async () => ({ batchItemFailures: [] });\n");
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Parse a policy attribute (a JSON string in Terraform JSON). */
export function policyOf(resource: Record<string, unknown>, attribute = "policy"): PolicyJson {
  const value = resource[attribute];
  if (typeof value !== "string") throw new Error(`attribute ${attribute} is not a string: ${JSON.stringify(value)}`);
  // Terraform turns `$${` back into `${` (policy variables) before AWS sees the policy.
  return JSON.parse(value.replaceAll("$${", "${")) as PolicyJson;
}

export interface StatementJson {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Principal?: unknown;
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyJson {
  readonly Version: string;
  readonly Statement: StatementJson[];
}

export function statementBySid(policy: PolicyJson, sid: string): StatementJson {
  const statement = policy.Statement.find((s) => s.Sid === sid);
  if (statement === undefined) throw new Error(`no statement ${sid} in ${JSON.stringify(policy)}`);
  return statement;
}

/** Both single values and arrays as arrays, for comparisons. */
export function asArray<T>(value: T | readonly T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...(value as T[])] : [value as T];
}
