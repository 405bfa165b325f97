/**
 * A small IAM policy evaluator for tests: explicit Deny wins, then any Allow, else implicit deny.
 * Actions match case-insensitively with `*` / `?`, resources case-sensitively; conditions
 * `StringEquals`, `StringNotEquals`, `StringLike`, `ArnLike`, `Bool`, `Null` as IAM evaluates them (a key missing from the
 * request fails StringEquals/StringLike and satisfies StringNotEquals). Policy variables
 * (`${aws:PrincipalTag/…}`) in Resource and condition values are replaced by the request's value of
 * that key; a variable whose key the request lacks makes the statement not apply. Any other operator
 * throws, so a test never silently passes on a condition this evaluator does not understand.
 */
import type { PolicyDocument, PolicyStatement } from "../../stacks/common/policy-documents";

export interface IamRequest {
  readonly action: string;
  readonly resource?: string;
  /** Condition keys of the request, e.g. `{ "iam:PermissionsBoundary": "arn:…" }`. */
  readonly context?: Readonly<Record<string, string>>;
  /**
   * Who calls, for resource policies: an IAM role ARN or a service (`s3.amazonaws.com`). A statement's
   * Principal then has to name it — `*`, the role's ARN or its account's root. Without it, Principal
   * is not checked (identity policies have none).
   */
  readonly principal?: string;
}

export type IamDecision = "allow" | "explicit-deny" | "implicit-deny";

export function globToRegExp(pattern: string, flags: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`, flags);
}

function list(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === "string" ? [value] : value;
}

const VARIABLE = /\$\{([^}]+)\}/g;

/** `text` with every policy variable replaced, or undefined when the request lacks one of its keys. */
function substitute(text: string, context: Readonly<Record<string, string>>): string | undefined {
  let missing = false;
  const result = text.replace(VARIABLE, (_, key: string) => {
    const value = context[key];
    if (value === undefined) missing = true;
    return value ?? "";
  });
  return missing ? undefined : result;
}

function substituteAll(values: readonly string[], context: Readonly<Record<string, string>>): string[] | undefined {
  const result = values.map((value) => substitute(value, context));
  return result.some((value) => value === undefined) ? undefined : (result as string[]);
}

/**
 * IAM's ArnLike: the six `:`-separated parts of an ARN match part by part, so a wildcard never
 * reaches past its own part (the last part, the resource, may itself hold `:`).
 */
function arnLike(pattern: string, arn: string): boolean {
  const parts = (text: string): string[] => {
    const split = text.split(":");
    return [...split.slice(0, 5), split.slice(5).join(":")];
  };
  const expected = parts(pattern);
  const actual = parts(arn);
  if (expected.length !== 6 || arn.split(":").length < 6) return false;
  return expected.every((part, index) => globToRegExp(part, "").test(actual[index] as string));
}

function conditionsHold(statement: PolicyStatement, context: Readonly<Record<string, string>>): boolean {
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => {
      const actual = context[key];
      const values = substituteAll(list(expected), context);
      if (values === undefined) return false;
      switch (operator) {
        case "StringEquals":
          return actual !== undefined && values.includes(actual);
        case "StringNotEquals":
          return actual === undefined || !values.includes(actual);
        case "Bool":
          return actual !== undefined && values.includes(actual);
        case "Null":
          return (actual === undefined) === (values[0] === "true");
        case "StringLike":
          return actual !== undefined && values.some((v) => globToRegExp(v, "").test(actual));
        case "ArnLike":
          return actual !== undefined && values.some((v) => arnLike(v, actual));
        default:
          throw new Error(`iam-eval: condition operator ${operator} is not supported`);
      }
    }),
  );
}

function principalMatches(statement: PolicyStatement, caller: string | undefined): boolean {
  const principal = statement.Principal;
  if (caller === undefined || principal === undefined || principal === "*") return true;
  if (caller.startsWith("arn:")) {
    const root = `arn:aws:iam::${caller.split(":")[4] ?? ""}:root`;
    return list(principal.AWS).some((entry) => entry === "*" || entry === caller || entry === root);
  }
  return list(principal.Service).includes(caller);
}

function matches(statement: PolicyStatement, request: IamRequest): boolean {
  if (!principalMatches(statement, request.principal)) return false;
  const actionOk = list(statement.Action).some((a) => globToRegExp(a, "i").test(request.action));
  const context = request.context ?? {};
  const resources = substituteAll(list(statement.Resource), context);
  if (resources === undefined) return false;
  const resourceOk = resources.length === 0 || resources.some((r) => globToRegExp(r, "").test(request.resource ?? "*"));
  return actionOk && resourceOk && conditionsHold(statement, context);
}

export function evaluate(document: PolicyDocument, request: IamRequest): IamDecision {
  const hits = document.Statement.filter((statement) => matches(statement, request));
  if (hits.some((s) => s.Effect === "Deny")) return "explicit-deny";
  return hits.some((s) => s.Effect === "Allow") ? "allow" : "implicit-deny";
}

export function parsePolicy(json: string): PolicyDocument {
  return JSON.parse(json) as PolicyDocument;
}

/**
 * Whether a role's trust policy admits an AssumeRole by a session of `principalArn` (a role ARN):
 * by that exact ARN with no condition, or by its account's root narrowed by an `ArnLike` (or
 * `StringEquals`) condition on `aws:PrincipalArn` that the ARN matches. Any other shape throws.
 */
export function trustAdmits(trust: PolicyDocument, principalArn: string): boolean {
  const account = principalArn.split(":")[4] as string;
  return trust.Statement.some((statement) => {
    if (statement.Effect !== "Allow" || !list(statement.Action).includes("sts:AssumeRole")) return false;
    const principal = statement.Principal;
    if (principal === undefined || principal === "*") throw new Error("iam-eval: trust without an AWS principal");
    const principals = list(principal.AWS);
    const conditions = Object.keys(statement.Condition ?? {});
    if (conditions.some((operator) => operator !== "ArnLike" && operator !== "StringEquals")) {
      throw new Error(`iam-eval: trust conditions ${conditions.join(", ")} are not supported`);
    }
    if (principals.includes(principalArn)) return conditions.length === 0;
    if (!principals.includes(`arn:aws:iam::${account}:root`)) return false;
    const like = list(statement.Condition?.["ArnLike"]?.["aws:PrincipalArn"]);
    const exact = list(statement.Condition?.["StringEquals"]?.["aws:PrincipalArn"]);
    if (like.length === 0 && exact.length === 0) return false;
    return (
      (like.length === 0 || like.some((pattern) => globToRegExp(pattern, "").test(principalArn))) &&
      (exact.length === 0 || exact.includes(principalArn))
    );
  });
}
