/**
 * IAM policy documents as typed objects, serialised once. Policies are plain
 * JSON known at synth time (no `data.aws_iam_policy_document`), so tests read
 * exactly what AWS will evaluate.
 */

/** A condition block: operator → key → value(s), e.g. `{ StringEquals: { "sts:ExternalId": "…" } }`. */
export type PolicyConditions = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

export type PolicyPrincipal =
  "*" | Readonly<{ AWS?: string | readonly string[]; Service?: string | readonly string[]; Federated?: string }>;

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: PolicyPrincipal;
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: PolicyConditions;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

export function policyDocument(statements: readonly PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/** Compact JSON: IAM counts policy size without whitespace, and compact output is what we measure. */
export function policyJson(document: PolicyDocument): string {
  return JSON.stringify(document);
}

/** Trust policy of a role assumed by other IAM roles, optionally requiring one of the given ExternalIds. */
export function roleTrustPolicy(principalArns: readonly string[], externalIds?: readonly string[]): PolicyDocument {
  return policyDocument([
    {
      Effect: "Allow",
      Principal: { AWS: principalArns.length === 1 ? principalArns[0] : [...principalArns] },
      Action: "sts:AssumeRole",
      ...(externalIds === undefined || externalIds.length === 0
        ? {}
        : {
            Condition: {
              StringEquals: { "sts:ExternalId": externalIds.length === 1 ? externalIds[0] : [...externalIds] },
            },
          }),
    },
  ]);
}

/** Resource policy statement refusing every request to `resource` that does not come over TLS. */
export function denyWithoutTls(resource: string | readonly string[], action: string): PolicyStatement {
  return {
    Sid: "DenyRequestsWithoutTls",
    Effect: "Deny",
    Principal: "*",
    Action: action,
    Resource: resource,
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/** Trust policy of an execution role assumed by an AWS service (Lambda). */
export function serviceTrustPolicy(service: string): PolicyDocument {
  return policyDocument([{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }]);
}

/**
 * A policy as a Terraform string. Terraform reads `${…}` in any string as an interpolation, so
 * IAM policy variables (`${aws:PrincipalTag/…}`) are written `$${…}`, which Terraform turns back
 * into `${…}` before AWS sees the policy. cdktf's own references (`${TfToken[…]}` until synth)
 * stay references.
 */
export function terraformPolicyJson(document: PolicyDocument): string {
  return policyJson(document).replace(/\$\{(?!TfToken\[)/g, () => "$${");
}
