/**
 * A small IAM policy evaluator for tests: explicit Deny wins, then any Allow, else implicit deny.
 * Actions match case-insensitively with `*` / `?`, resources case-sensitively; conditions
 * `StringEquals`, `StringNotEquals`, `StringLike` as IAM evaluates them (a key missing from the
 * request fails StringEquals/StringLike and satisfies StringNotEquals). Any other operator throws,
 * so a test never silently passes on a condition this evaluator does not understand.
 */
import type { PolicyDocument, PolicyStatement } from "../../stacks/common/policy-documents";

export interface IamRequest {
  readonly action: string;
  readonly resource?: string;
  /** Condition keys of the request, e.g. `{ "iam:PermissionsBoundary": "arn:…" }`. */
  readonly context?: Readonly<Record<string, string>>;
}

export type IamDecision = "allow" | "explicit-deny" | "implicit-deny";

function globToRegExp(pattern: string, flags: string): RegExp {
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

function conditionsHold(statement: PolicyStatement, context: Readonly<Record<string, string>>): boolean {
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => {
      const actual = context[key];
      const values = list(expected);
      switch (operator) {
        case "StringEquals":
          return actual !== undefined && values.includes(actual);
        case "StringNotEquals":
          return actual === undefined || !values.includes(actual);
        case "StringLike":
          return actual !== undefined && values.some((v) => globToRegExp(v, "").test(actual));
        default:
          throw new Error(`iam-eval: condition operator ${operator} is not supported`);
      }
    }),
  );
}

function matches(statement: PolicyStatement, request: IamRequest): boolean {
  const actionOk = list(statement.Action).some((a) => globToRegExp(a, "i").test(request.action));
  const resources = list(statement.Resource);
  const resourceOk = resources.length === 0 || resources.some((r) => globToRegExp(r, "").test(request.resource ?? "*"));
  return actionOk && resourceOk && conditionsHold(statement, request.context ?? {});
}

export function evaluate(document: PolicyDocument, request: IamRequest): IamDecision {
  const hits = document.Statement.filter((statement) => matches(statement, request));
  if (hits.some((s) => s.Effect === "Deny")) return "explicit-deny";
  return hits.some((s) => s.Effect === "Allow") ? "allow" : "implicit-deny";
}

export function parsePolicy(json: string): PolicyDocument {
  return JSON.parse(json) as PolicyDocument;
}
