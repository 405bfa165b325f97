import { buildClusterManifests, buildVectorConfig } from "../../generators";
import { clusterById, exampleInventory, withCluster, type Json } from "./support";

const inv = exampleInventory();
const config = buildVectorConfig(inv, clusterById(inv, "eks-eu-1")) as Record<string, Json>;
const sink = config["sinks"].loghop_staging;

function vectorYaml(clusterId: string, inventory = inv): string {
  const configMap = buildClusterManifests(inventory, clusterById(inventory, clusterId)).find(
    (o) => o.kind === "ConfigMap",
  ) as unknown as { data: Record<string, string> };
  return configMap.data["vector.yaml"]!;
}

describe("buildVectorConfig: aws_s3 staging sink", () => {
  it("renders bucket, region and cluster id literally, the key prefix starting with the cluster id", () => {
    expect(sink).toMatchObject({
      type: "aws_s3",
      // The cluster's own access point: its role may write nowhere else. Virtual-hosted style,
      // the only one access points take (Vector's default is path style).
      bucket: "arn:aws:s3:eu-west-1:111111111111:accesspoint/lh-prod--eks-eu-1",
      force_path_style: false,
      region: "eu-west-1",
      key_prefix: "eks-eu-1/{{ tenant_id }}/{{ application }}/{{ pod_name }}/",
    });
  });

  it("writes gzip NDJSON in batches sized by the inventory", () => {
    expect(sink).toMatchObject({
      compression: "gzip",
      encoding: { codec: "json" },
      framing: { method: "newline_delimited" },
      batch: { max_bytes: 10_000_000, timeout_secs: 30 },
    });
  });

  it("buffers on disk and blocks when full", () => {
    expect(sink.buffer).toStrictEqual({ type: "disk", max_size: 536_870_912, when_full: "block" });
    expect(sink.buffer.max_size).toBeGreaterThanOrEqual(268_435_488);
  });

  it.each(inv.clusters.map((c) => c.id))(
    "%s claims no end-to-end acknowledgement: kubernetes_logs cannot acknowledge, its checkpoints advance on read",
    (id) => {
      // Prepare
      const text = vectorYaml(id);
      const parsed = buildVectorConfig(inv, clusterById(inv, id)) as Record<string, Json>;
      // Act
      const components = [
        parsed,
        ...Object.values(parsed["sources"] as object),
        ...Object.values(parsed["transforms"] as object),
        ...Object.values(parsed["sinks"] as object),
      ] as Record<string, Json>[];
      // Assess: nowhere — not per component, not globally.
      expect(components.filter((component) => component["acknowledgements"] !== undefined)).toStrictEqual([]);
      expect(text).not.toMatch(/acknowledgements/);
    },
  );

  it("carries no credentials: the web identity in the pod is the only source", () => {
    expect(sink.auth).toBeUndefined();
    expect(JSON.stringify(config)).not.toMatch(/access_key|secret_access|AKIA/i);
  });

  it("consumes only the classify transform's main output and the heartbeat", () => {
    expect(sink.inputs).toStrictEqual(["loghop_classify", "loghop_heartbeat"]);
  });
});

describe("buildVectorConfig: dropped events are counted", () => {
  it("reroutes aborted events to a counter exported by Prometheus", () => {
    const t = config["transforms"];
    expect(t.loghop_classify).toMatchObject({ drop_on_abort: true, reroute_dropped: true });
    expect(t.loghop_dropped_reason.inputs).toStrictEqual(["loghop_classify.dropped"]);
    expect(t.loghop_dropped_count.metrics).toStrictEqual([
      {
        type: "counter",
        field: "reason",
        namespace: "loghop",
        name: "dropped_events_total",
        tags: { cluster_id: "eks-eu-1", reason: "{{ reason }}", tenant_id: "{{ tenant_id }}" },
      },
    ]);
    expect(config["sinks"].prometheus_exporter).toMatchObject({
      inputs: ["internal_metrics", "loghop_dropped_count"],
      address: "0.0.0.0:9598",
    });
  });

  it("enables the API on loopback only", () => {
    // Loopback only: the unauthenticated API can tap every tenant's events.
    expect(config["api"]).toStrictEqual({ enabled: true, address: "127.0.0.1:8686" });
  });
});

describe("buildVectorConfig: kubernetes_logs source", () => {
  it("excludes the agent's own namespace and reads long lines", () => {
    expect(config["sources"].kubernetes_logs).toStrictEqual({
      type: "kubernetes_logs",
      extra_field_selector: "metadata.namespace!=loghop",
      extra_namespace_label_selector: "loghop.io/tenant",
      max_line_bytes: 262_144,
      auto_partial_merge: true,
      use_apiserver_cache: true,
      delay_deletion_ms: 600_000,
    });
  });

  it("keeps deleted pods' metadata for the inventory's delayDeletionSeconds (default 10 minutes, not Vector's 60 s)", () => {
    const changed = withCluster(inv, "eks-eu-1", (c) => ({
      ...c,
      vector: { ...c.vector, delayDeletionSeconds: 1800 },
    }));
    const source = (inventory: typeof inv) =>
      (buildVectorConfig(inventory, clusterById(inventory, "eks-eu-1")) as Record<string, Json>)["sources"]
        .kubernetes_logs;
    expect(source(inv).delay_deletion_ms).toBe(600_000);
    expect(source(changed).delay_deletion_ms).toBe(1_800_000);
  });

  it("reads only namespaces (or pods) carrying the tenant label when the tenant comes from that label", () => {
    const source = (cluster: string) =>
      (buildVectorConfig(inv, clusterById(inv, cluster)) as Record<string, Json>)["sources"].kubernetes_logs;
    // eks-eu-1: tenant from a namespace label; rosa-eu-2: from a pod label proven by one; eks-us-1: the namespace name.
    expect(source("eks-eu-1").extra_namespace_label_selector).toBe("loghop.io/tenant");
    expect(source("eks-eu-1").extra_label_selector).toBeUndefined();
    // rosa-eu-2's pod label must repeat a namespace label: both keys are required.
    expect(source("rosa-eu-2").extra_label_selector).toBe("loghop.io/tenant");
    expect(source("rosa-eu-2").extra_namespace_label_selector).toBe("loghop.io/tenant");
    expect(source("eks-us-1").extra_label_selector).toBeUndefined();
    expect(source("eks-us-1").extra_namespace_label_selector).toBeUndefined();
  });

  it("takes label selectors from the inventory and includes its own namespace when asked", () => {
    const changed = withCluster(inv, "eks-eu-1", (c) => ({
      ...c,
      vector: {
        ...c.vector,
        podLabelSelector: "logging!=off",
        namespaceLabelSelector: "env=prod",
        includeOwnNamespace: true,
      },
    }));
    const source = (buildVectorConfig(changed, clusterById(changed, "eks-eu-1")) as Record<string, Json>)["sources"]
      .kubernetes_logs;
    expect(source.extra_field_selector).toBeUndefined();
    expect(source.extra_label_selector).toBe("logging!=off");
    expect(source.extra_namespace_label_selector).toBe("env=prod");
  });
});

describe("vector.yaml text", () => {
  it.each(inv.clusters.map((c) => c.id))("%s keeps Vector's {{ field }} templates verbatim", (id) => {
    const text = vectorYaml(id);
    expect(text).toContain(`key_prefix: ${id}/{{ tenant_id }}/{{ application }}/{{ pod_name }}/`);
    expect(text).toContain('tenant_id: "{{ tenant_id }}"');
    expect(text).toContain('reason: "{{ reason }}"');
  });

  it.each(inv.clusters.map((c) => c.id))("%s has no ${VAR} or $VAR an older Vector would try to interpolate", (id) => {
    expect(vectorYaml(id)).not.toMatch(/\$\{|\$[A-Za-z_]/);
  });
});
