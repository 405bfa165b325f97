/**
 * The one way loghop builds and synthesizes its CDKTF App (main.ts, planning/synth.ts, the stack
 * tests), so every synth runs with the same options and the same cost.
 */
import { App } from "cdktf";
import { dropPlaceholders } from "./synth-shards";

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
 * to `Number.MAX_SAFE_INTEGER` and formats it at once (through Node's source-map translation when
 * tsx runs the app). Those traces appear only in cdktf's own "could not resolve token" errors,
 * never in the output, yet at 1,500 stacks they took about 45 % of synth CPU and 40 % of its
 * memory (measured). While `work` runs, a capture onto anything but an `Error` is skipped — cdktf then
 * keeps an empty trace; errors are captured and formatted exactly as before.
 */
function withoutTokenCreationTraces<T>(work: () => T): T {
  const original = Error.captureStackTrace;
  Error.captureStackTrace = (...args: Parameters<typeof original>): void => {
    if (args[0] instanceof Error) Reflect.apply(original, Error, args);
  };
  try {
    return work();
  } finally {
    Error.captureStackTrace = original;
  }
}

/** A new App with `build`'s stacks, synthesized into its output directory. */
export function synthesizeApp<T>(options: LoghopAppOptions, build: (app: App) => T): SynthesizedApp<T> {
  return withoutTokenCreationTraces(() => {
    // stackTraces: false — cdktf would also capture a full trace with each annotation (warning,
    // error) it records on a construct; loghop reports problems by inventory path instead.
    const app = new App({ ...(options.outdir === undefined ? {} : { outdir: options.outdir }), stackTraces: false });
    const built = build(app);
    // Stacks another synth shard writes (synth-shards.ts): nothing of them is synthesized here.
    dropPlaceholders(app);
    app.synth();
    return { app, built };
  });
}
