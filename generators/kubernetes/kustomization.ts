/** kustomization.yaml, so `kubectl apply -k k8s-out/<cluster-id>` applies the whole directory. */

/** Not a Kubernetes object (kubectl reads it locally), so it is not part of buildClusterManifests. */
export function buildKustomization(resourceFiles: readonly string[]): object {
  return {
    apiVersion: "kustomize.config.k8s.io/v1beta1",
    kind: "Kustomization",
    resources: [...resourceFiles],
  };
}
