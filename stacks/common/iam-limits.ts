/** IAM quotas a synthesized policy must respect, checked at synth rather than discovered at apply. */
import { AWS_LIMITS, measureDocument } from "../../inventory/aws-limits";
import { StackError } from "../errors";

/** Characters of one managed policy document, whitespace excluded. */
export const MANAGED_POLICY_MAX_CHARS = AWS_LIMITS.iamManagedPolicySize.max;
/** Characters of all inline policies of one role together, whitespace excluded. */
export const INLINE_POLICIES_PER_ROLE_MAX_CHARS = AWS_LIMITS.iamInlinePoliciesPerRole.max;
/** Managed policies attached to one role (default quota; adjustable up to 20 on request). */
export const MANAGED_POLICIES_PER_ROLE_MAX = AWS_LIMITS.iamManagedPoliciesPerRole.max;

/** Fail synth when a role's inline policy would be rejected by IAM. */
export function checkInlinePolicySize(stackName: string, roleName: string, policyJson: string): void {
  const size = measureDocument(AWS_LIMITS.iamInlinePoliciesPerRole, policyJson);
  if (size <= INLINE_POLICIES_PER_ROLE_MAX_CHARS) return;
  throw new StackError(
    stackName,
    `the inline policy of role ${roleName} is ${size} characters, more than IAM's ${INLINE_POLICIES_PER_ROLE_MAX_CHARS} per role`,
  );
}
