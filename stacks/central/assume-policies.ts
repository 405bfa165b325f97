/**
 * The central role's permission to assume the customer roles, split into
 * managed policies that each fit IAM's size limit.
 *
 * Exact role ARNs (never `*`, never a name pattern) keep the central role from
 * assuming anything but the inventory's tenant roles. 300 tenants' ARNs are
 * ~19 KB of JSON: more than one managed policy (6,144 characters) or all inline
 * policies of a role together (10,240), so they are chunked.
 */
import { MANAGED_POLICY_MAX_CHARS } from "../common/iam-limits";
import { policyDocument, policyJson, type PolicyDocument } from "../common/policy-documents";

export { MANAGED_POLICIES_PER_ROLE_MAX, MANAGED_POLICY_MAX_CHARS } from "../common/iam-limits";

function assumeDocument(roleArns: readonly string[]): PolicyDocument {
  return policyDocument([
    { Sid: "AssumeTenantDeliveryRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: [...roleArns] },
  ]);
}

/**
 * Sorted, de-duplicated ARNs packed greedily into documents ≤ `maxChars`.
 * Deterministic: the same ARNs always give the same documents, and adding one
 * tenant changes at most the chunks from its sort position onwards.
 */
export function chunkAssumePolicies(
  roleArns: readonly string[],
  maxChars: number = MANAGED_POLICY_MAX_CHARS,
): PolicyDocument[] {
  const sorted = [...new Set(roleArns)].sort();
  const chunks: string[][] = [];
  let current: string[] = [];
  for (const arn of sorted) {
    const candidate = [...current, arn];
    if (current.length > 0 && policyJson(assumeDocument(candidate)).length > maxChars) {
      chunks.push(current);
      current = [arn];
    } else {
      current = candidate;
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks.map(assumeDocument);
}
