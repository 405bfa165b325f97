import { AwsOperationError } from "../failures/errors";
import { isServiceOrNetworkError } from "../failures/classify";

/** The parts of an SDK v3 client's resolved configuration that say where its requests go. */
export interface ClientLocation {
  readonly config: {
    /** Set only when an endpoint was given (AWS_ENDPOINT_URL, tests); otherwise resolved per request. */
    readonly endpoint?: unknown;
    readonly region: unknown;
  };
}

/** The AWS call being made at a mode's boundary, for the error message when it fails. */
export interface BoundaryCall {
  /** The API name, e.g. `ReceiveMessage`. */
  readonly operation: string;
  /** What it is called on: `s3://bucket/prefix`, a queue URL. */
  readonly target: string;
  readonly client: ClientLocation;
}

async function resolve(value: unknown): Promise<unknown> {
  return typeof value === "function" ? await (value as () => unknown)() : value;
}

function endpointUrl(endpoint: unknown): string | undefined {
  if (typeof endpoint === "string") return endpoint;
  if (endpoint instanceof URL) return endpoint.href;
  const e = endpoint as { protocol?: string; hostname?: string; port?: number; path?: string } | undefined;
  if (e?.hostname === undefined) return undefined;
  const port = e.port !== undefined ? `:${e.port}` : "";
  const path = e.path !== undefined && e.path !== "/" ? e.path : "";
  return `${e.protocol ?? "https:"}//${e.hostname}${port}${path}`;
}

/** `http://127.0.0.1:4566` for an endpoint override, `AWS eu-west-1` otherwise; never throws (it only decorates an error). */
export async function describeEndpoint(client: ClientLocation): Promise<string> {
  try {
    const url = endpointUrl(await resolve(client.config.endpoint));
    if (url !== undefined) return url;
    const region = await resolve(client.config.region);
    return typeof region === "string" && region !== "" ? `AWS ${region}` : "AWS (region unknown)";
  } catch {
    return "unknown (the client configuration could not be resolved)";
  }
}

/** The AWS error name, or the socket error code (`ECONNREFUSED`) of a network error, whose name is the generic `Error`. */
export function awsErrorName(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return error.name === "Error" && typeof code === "string" ? code : error.name;
}

/**
 * Runs one AWS call at a CLI mode's boundary. A service, network or
 * credentials failure becomes an `AwsOperationError` naming the call, its
 * target and endpoint (printed without a stack, exit 1); anything else is a
 * bug and propagates unchanged.
 */
export async function atBoundary<T>(call: BoundaryCall, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (!isServiceOrNetworkError(error)) throw error;
    const e = error as Error & { $metadata?: { attempts?: number } };
    const attempts = e.$metadata?.attempts;
    throw new AwsOperationError(
      {
        operation: call.operation,
        target: call.target,
        endpoint: await describeEndpoint(call.client),
        errorName: awsErrorName(e),
        errorMessage: e.message,
        ...(attempts !== undefined ? { attempts } : {}),
      },
      { cause: error },
    );
  }
}
