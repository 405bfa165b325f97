/** Captures the Embedded Metric Format documents the processor's metrics print while `run` runs. */

export interface EmfDocument {
  readonly _aws: {
    readonly CloudWatchMetrics: readonly { readonly Namespace: string; readonly Dimensions: string[][] }[];
  };
  readonly [field: string]: unknown;
}

export async function emfDocuments(run: () => unknown): Promise<EmfDocument[]> {
  const lines: string[] = [];
  const write = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  const log = jest.spyOn(console, "log").mockImplementation((line: unknown) => void lines.push(String(line)));
  try {
    await run();
  } finally {
    write.mockRestore();
    log.mockRestore();
  }
  return lines
    .flatMap((l) => l.split("\n"))
    .filter((l) => l.includes("_aws"))
    .map((l) => JSON.parse(l) as EmfDocument);
}
