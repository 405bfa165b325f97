/**
 * The one way loghop builds and synthesizes its CDKTF App (main.ts, planning/synth.ts, the stack
 * tests), so every synth runs with the same options and the same cost.
 */
import { App } from "cdktf";

export interface LoghopAppOptions {
  /** Output directory; default `$CDKTF_OUTDIR`, else `cdktf.out` (cdktf's own default). */
  readonly outdir?: string;
}

export interface SynthesizedApp<T> {
  readonly app: App;
  /** What `build` returned. */
  readonly built: T;
}

/**
 * cdktf records where every token was created: each reference (`role.arn`), list attribute and
 * lazy value runs `Error.captureStackTrace` on a plain object with `Error.stackTraceLimit` raised
 * to `Number.MAX_SAFE_INTEGER`, and formats it at once — through Node's source-map translation
 * when tsx runs the app. The traces only ever appear in cdktf's own "could not resolve token"
 * errors, never in the output, yet at 1,500 stacks they cost about 30 % of synth CPU and half its
 * memory (measured). While `work` runs, such plain-object traces format to "" (cdktf then keeps
 * none). An `Error` still gets its trace: read inside `work`, from the previous formatter (else in
 * V8's format, without source maps); read later — any error `work` throws — from the restored one,
 * since V8 formats a trace when it is first read.
 */
function withoutTokenCreationTraces<T>(work: () => T): T {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (target: unknown, frames: NodeJS.CallSite[]) => {
    if (!(target instanceof Error)) return "";
    if (previous !== undefined) return previous(target, frames);
    return [String(target), ...frames.map((frame) => `    at ${String(frame)}`)].join("\n");
  };
  try {
    return work();
  } finally {
    Error.prepareStackTrace = previous;
  }
}

/** A new App with `build`'s stacks, synthesized into its output directory. */
export function synthesizeApp<T>(options: LoghopAppOptions, build: (app: App) => T): SynthesizedApp<T> {
  return withoutTokenCreationTraces(() => {
    // stackTraces: false — cdktf would also capture a full trace with each annotation (warning,
    // error) it records on a construct; loghop reports problems by inventory path instead.
    const app = new App({ ...(options.outdir === undefined ? {} : { outdir: options.outdir }), stackTraces: false });
    const built = build(app);
    app.synth();
    return { app, built };
  });
}
