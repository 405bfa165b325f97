/** Shapes shared by every generator. */

/** A Kubernetes object as plain JSON: what `kubectl apply` and `kubernetes_manifest` both accept. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly [field: string]: unknown;
}

/** One file of the generated tree; `path` is relative to the output directory, `/`-separated. */
export interface GeneratedFile {
  readonly path: string;
  readonly contents: string;
}
