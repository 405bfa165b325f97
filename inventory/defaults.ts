/** Every inventory default, in one place. Defaults are the safe choice. */
export const DEFAULTS = {
  stagingRetentionDays: 7,
  processor: {
    // Today's shape: an upgrade without the field deploys exactly what it did before.
    mode: "lambda",
    // 1,769 MB is one full vCPU: gunzip + JSON parsing are CPU-bound.
    memoryMb: 1769,
    timeoutSeconds: 300,
    maxConcurrency: 10,
    batchSize: 10,
    batchWindowSeconds: 5,
    maxReceiveCount: 5,
    logRetentionDays: 30,
    limits: {
      // Floors; the resolved default grows with the largest batchMaxBytes (resolveObjectLimits).
      maxUncompressedBytes: 64 * 1024 * 1024,
      // Every line counts, parsable or not: 250,000 lines that are not JSON cost ≈ 1 s of CPU (measured).
      maxEvents: 250_000,
      // Measured: Vector's JSON of one message repeated (crash-loop spam) compresses ~90:1, a gzip
      // bomb of newlines ~1,000:1.
      maxCompressionRatio: 250,
    },
  },
  alarms: {
    maxMessageAgeSeconds: 900,
    maxObjectLagSeconds: 600,
    // Every rejected event is lost to the tenant: any one is worth a look.
    maxRejectedEvents: 0,
    heartbeatMissingMinutes: 15,
  },
  backend: { type: "local" },
  // State locations get the inventory prefix appended (`<root>/<prefix>`): see names.ts `statePrefix`.
  localStateRoot: "terraform-state",
  cloudwatchRetentionDays: 30,
  s3Prefix: "",
  processorWorker: {
    replicas: 2,
    requests: { cpu: "250m", memory: "512Mi" },
    limits: { cpu: "1", memory: "1Gi" },
  },
  vector: {
    image: "timberio/vector",
    imageTag: "0.57.0-distroless-libc",
    namespace: "loghop",
    serviceAccount: "vector",
    requests: { cpu: "100m", memory: "256Mi" },
    limits: { cpu: "1", memory: "1Gi" },
    tolerations: [{ operator: "Exists", effect: "NoSchedule" }],
    batchMaxBytes: 10_000_000,
    batchTimeoutSeconds: 60,
    // Vector's disk buffer refuses less than ~256 MiB.
    bufferMaxBytes: 536_870_912,
    maxLineBytes: 262_144,
    includeOwnNamespace: false,
    containerRuntime: { kubernetes: "containerd", openshift: "cri-o" },
    // Where cri-dockerd keeps the files /var/log/pods links to (Docker's default data-root).
    dockerLogDir: "/var/lib/docker/containers",
    scheduleOnControlPlane: false,
    // openshift: the user-workload Prometheus, which scrapes non-platform namespaces.
    monitoringNamespace: { kubernetes: "monitoring", openshift: "openshift-user-workload-monitoring" },
    // Vector's default is 60 s: a burst of short-lived pods (Jobs, scale-downs) whose files the
    // agent reads more than a minute after deletion would lose every remaining line as
    // tenant-missing. Ten minutes of deleted pods' metadata costs little memory.
    delayDeletionSeconds: 600,
  },
  kubeConfigPath: "~/.kube/config",
  tfcHostname: "app.terraform.io",
  // TFC's default audience for AWS dynamic credentials (TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE unset).
  tfcAudience: "aws.workload.identity",
  s3KeyRoot: "loghop",
  // Terraform >= 1.10 locks S3 state with a lock object beside it; DynamoDB locking is deprecated.
  s3UseLockfile: true,
} as const;
