/** The ConfigMap holding vector.yaml, and the checksum that rolls the pods when it changes. */
import { createHash } from "node:crypto";
import type { ResolvedCluster } from "../../inventory/resolved";
import { AGENT_NAME, VECTOR_CONFIG_FILE } from "../constants";
import { toYaml } from "../output/serialize";
import type { KubeObject } from "../types";
import { commonLabels } from "./labels";

/** The exact text Vector reads. */
export function renderVectorYaml(vectorConfig: object): string {
  return toYaml(vectorConfig);
}

/** sha256 of the config text: the pod template annotation `checksum/config`. */
export function configChecksum(vectorYaml: string): string {
  return createHash("sha256").update(vectorYaml, "utf8").digest("hex");
}

export function buildConfigMap(cluster: ResolvedCluster, vectorYaml: string): KubeObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: AGENT_NAME, namespace: cluster.vector.namespace, labels: commonLabels(cluster) },
    data: { [VECTOR_CONFIG_FILE]: vectorYaml },
  };
}
