/**
 * A loopback HTTP proxy in front of moto that injects faults into chosen
 * requests: the processor talks to it through AWS_ENDPOINT_URL exactly as
 * it would to AWS, and the test decides which calls are throttled, fail
 * with a 5xx, fail permanently midway through an object, or hang (the
 * request is read and never answered).
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  /** `X-Amz-Target` of JSON-protocol APIs (e.g. `Logs_20140328.PutLogEvents`). */
  readonly target: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface InjectedFault {
  readonly status: number;
  /** The AWS error type, e.g. ThrottlingException. */
  readonly type: string;
  readonly message: string;
}

/** Returns a fault to answer with, or undefined to forward the request to moto. */
export type FaultRule = (request: ProxiedRequest, seen: number) => InjectedFault | undefined;

/** A request the proxy read and never answered (the HANG fault). */
export interface HungRequest {
  readonly target: string;
  readonly receivedAt: number;
  /** When the client gave up and closed the connection; undefined while it still waits. */
  closedAt?: number;
}

export interface FaultProxy {
  readonly endpoint: string;
  /** Rules are consulted in order; the first fault wins. */
  rules: FaultRule[];
  /** Requests per X-Amz-Target seen so far (including faulted ones). */
  readonly counts: Map<string, number>;
  readonly injected: InjectedFault[];
  readonly hung: HungRequest[];
  close(): Promise<void>;
}

export const THROTTLED: InjectedFault = { status: 400, type: "ThrottlingException", message: "Rate exceeded" };
export const UNAVAILABLE: InjectedFault = { status: 503, type: "ServiceUnavailableException", message: "injected 503" };
export const INTERNAL: InjectedFault = { status: 500, type: "InternalFailure", message: "injected 500" };
/** Accept the request, read it, never answer: an endpoint that hangs. */
export const HANG: InjectedFault = { status: 0, type: "Hang", message: "accepted and never answered" };

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  const counts = new Map<string, number>();
  const injected: InjectedFault[] = [];
  const hung: HungRequest[] = [];
  const held = new Set<Socket>();
  const proxy: FaultProxy = {
    endpoint: "",
    rules: [],
    counts,
    injected,
    hung,
    close: () =>
      new Promise((done) => {
        for (const socket of held) socket.destroy();
        server.close(() => done());
      }),
  };
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const body = Buffer.concat(chunks);
      const amzTarget = incoming.headers["x-amz-target"];
      const name = typeof amzTarget === "string" ? amzTarget : `${incoming.method} ${incoming.url?.split("?")[0]}`;
      const seen = (counts.get(name) ?? 0) + 1;
      counts.set(name, seen);
      const proxied: ProxiedRequest = {
        method: incoming.method ?? "GET",
        path: incoming.url ?? "/",
        target: typeof amzTarget === "string" ? amzTarget : undefined,
        headers: incoming.headers,
        body,
      };
      for (const rule of proxy.rules) {
        const fault = rule(proxied, seen);
        if (fault === undefined) continue;
        injected.push(fault);
        if (fault === HANG) {
          const request: HungRequest = { target: name, receivedAt: Date.now() };
          hung.push(request);
          const socket = incoming.socket;
          held.add(socket);
          // The response's "close": the client dropped the connection before any answer.
          outgoing.once("close", () => {
            request.closedAt = Date.now();
            held.delete(socket);
          });
          return;
        }
        const payload = JSON.stringify({ __type: fault.type, message: fault.message });
        outgoing.writeHead(fault.status, {
          "content-type": "application/x-amz-json-1.1",
          "x-amzn-errortype": fault.type,
          "content-length": Buffer.byteLength(payload),
        });
        outgoing.end(payload);
        return;
      }
      const forward = request(
        {
          host: target.hostname,
          port: target.port,
          method: incoming.method,
          path: incoming.url,
          headers: { ...incoming.headers, host: target.host, "content-length": String(body.length) },
        },
        (response) => {
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(outgoing);
        },
      );
      forward.on("error", (error) => {
        outgoing.writeHead(502);
        outgoing.end(String(error));
      });
      forward.end(body);
    });
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", () => ready()));
  Object.assign(proxy, { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  return proxy;
}
