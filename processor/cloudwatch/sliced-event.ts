import type { LogEvent } from "./types";

/**
 * An event whose message still lives in the decompressed object's bytes,
 * JSON-escaped the way JSON.stringify writes it. The request body copies
 * those bytes; the string is only decoded if something asks for it (the
 * age rule's marker, the SDK's own serializer, tests). Holding `source`
 * pins one decompressed chunk per batch in flight: bounded.
 */
export class SlicedLogEvent implements LogEvent {
  #text: string | undefined = undefined;
  source: Buffer | undefined;

  constructor(
    public timestamp: number,
    source: Buffer,
    public readonly jsonStart: number,
    public readonly jsonEnd: number,
    /** UTF-8 bytes of the decoded message. */
    public bytes: number,
  ) {
    this.source = source;
  }

  get message(): string {
    if (this.#text === undefined) {
      const json = this.source!.toString("utf8", this.jsonStart, this.jsonEnd);
      // Without a backslash the bytes are the text; otherwise let JSON decode the escapes.
      this.#text = json.indexOf("\\") === -1 ? json : (JSON.parse(`"${json}"`) as string);
    }
    return this.#text;
  }

  /** A changed message (e.g. the age rule's prefix) is written from the string from then on. */
  set message(text: string) {
    this.#text = text;
    this.source = undefined;
  }

  get plain(): boolean {
    return false;
  }
}
