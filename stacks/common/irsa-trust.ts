/** Trust of an IRSA role: one service account of one cluster, through that cluster's OIDC provider. */
import { oidcIssuerHost, serviceAccountSubject, STS_AUDIENCE } from "../../inventory/names";
import { policyDocument, type PolicyDocument } from "./policy-documents";

export interface IrsaSubject {
  /** IAM OIDC provider of the cluster's issuer, in the role's own account. */
  readonly providerArn: string;
  readonly issuerUrl: string;
  readonly namespace: string;
  readonly serviceAccount: string;
}

/** Exact `sub` (this service account only) and `aud` (STS): no other pod or audience can use the token. */
export function irsaTrustPolicy(subject: IrsaSubject): PolicyDocument {
  const issuer = oidcIssuerHost(subject.issuerUrl);
  return policyDocument([
    {
      Effect: "Allow",
      Principal: { Federated: subject.providerArn },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: {
          [`${issuer}:sub`]: serviceAccountSubject(subject.namespace, subject.serviceAccount),
          [`${issuer}:aud`]: STS_AUDIENCE,
        },
      },
    },
  ]);
}
