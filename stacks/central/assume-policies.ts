/**
 * The central role's permission to assume the tenants' delivery roles, as managed policies that
 * each fit IAM's size limit.
 *
 * Loghop names every delivery role it defines `<prefix>-<tenant>-delivery` (customer stacks and
 * CloudFormation templates alike), so one statement over that name, in any account, covers every
 * tenant however many there are. Explicit ARNs remain where a pattern cannot say it: the roles
 * tenants name themselves (`deliveryRoleArn`) are allowed one by one, and the loghop-named roles
 * of disabled tenants are denied one by one (an explicit Deny beats the pattern), so a disabled
 * tenant's role stays unassumable until it is enabled again. README "Security model" argues why the
 * pattern is as strong as the list it replaced.
 */
import { customerRoleName, roleArn } from "../../inventory/names";
import { MANAGED_POLICY_MAX_CHARS } from "../common/iam-limits";
import { policyDocument, policyJson, type PolicyDocument, type PolicyStatement } from "../common/policy-documents";

export { MANAGED_POLICIES_PER_ROLE_MAX, MANAGED_POLICY_MAX_CHARS } from "../common/iam-limits";

/** `arn:aws:iam::*:role/<prefix>-*-delivery`: every role loghop names for a tenant, in any account. */
export function loghopDeliveryRolePattern(prefix: string): string {
  return roleArn("*", customerRoleName(prefix, "*"));
}

type Effect = PolicyStatement["Effect"];

const SIDS: Readonly<Record<Effect, string>> = {
  Allow: "AssumeTenantOwnedDeliveryRoles",
  Deny: "DenyDisabledTenantsDeliveryRoles",
};

function assumeDocument(effect: Effect, roleArns: readonly string[]): PolicyDocument {
  return policyDocument([{ Sid: SIDS[effect], Effect: effect, Action: "sts:AssumeRole", Resource: [...roleArns] }]);
}

/**
 * Sorted, de-duplicated ARNs packed greedily into documents ≤ `maxChars`, each one statement of
 * `effect`. Deterministic: the same ARNs always give the same documents, and adding one changes at
 * most the chunks from its sort position onwards.
 */
export function chunkAssumePolicies(
  roleArns: readonly string[],
  maxChars: number = MANAGED_POLICY_MAX_CHARS,
  effect: Effect = "Allow",
): PolicyDocument[] {
  const sorted = [...new Set(roleArns)].sort();
  const chunks: string[][] = [];
  let current: string[] = [];
  for (const arn of sorted) {
    const candidate = [...current, arn];
    if (current.length > 0 && policyJson(assumeDocument(effect, candidate)).length > maxChars) {
      chunks.push(current);
      current = [arn];
    } else {
      current = candidate;
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks.map((chunk) => assumeDocument(effect, chunk));
}

export interface CentralAssumeTargets {
  readonly prefix: string;
  /** Enabled tenants' own roles (`deliveryRoleArn`): not under loghop's name, listed. */
  readonly tenantOwnedRoleArns: readonly string[];
  /** Disabled tenants' loghop-named roles: the pattern covers them, the Deny takes them out. */
  readonly disabledLoghopRoleArns: readonly string[];
}

/** Every managed policy the central role gets: the pattern first, then the allow and deny lists. */
export function centralAssumeDocuments(targets: CentralAssumeTargets): PolicyDocument[] {
  return [
    policyDocument([
      {
        Sid: "AssumeLoghopDeliveryRoles",
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Resource: loghopDeliveryRolePattern(targets.prefix),
      },
    ]),
    ...chunkAssumePolicies(targets.tenantOwnedRoleArns),
    ...chunkAssumePolicies(targets.disabledLoghopRoleArns, MANAGED_POLICY_MAX_CHARS, "Deny"),
  ];
}
