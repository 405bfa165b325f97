/**
 * The region's pipeline key: staging objects, the staged-objects topic, both
 * queues and the alarm topic. One key per region keeps the key policy — the
 * list of who may use it — in one place.
 */
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { Construct } from "constructs";
import { policyDocument, policyJson } from "../common/policy-documents";
import { pipelineKeyPolicy, type PipelineKeyProps } from "./kms-policy";

export function pipelineKey(scope: Construct, props: PipelineKeyProps): KmsKey {
  const key = new KmsKey(scope, "pipeline-key", {
    description: `loghop ${props.prefix}: staging bucket, notifications and queues in ${props.names.region}`,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: policyJson(policyDocument(pipelineKeyPolicy(props))),
  });
  // The alias is how cluster roles name the key in their IAM policy (kms:ResourceAliases):
  // the key id is random and only known after apply.
  new KmsAlias(scope, "pipeline-key-alias", { name: props.names.kmsAlias, targetKeyId: key.keyId });
  return key;
}
