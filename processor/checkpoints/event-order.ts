import { EVENT_CUT_BYTES } from "../cloudwatch/limits";

/**
 * What a checkpoint's `acceptedEvents` counts in. The object's event order is fixed by its bytes
 * AND by the settings that decide how lines become events: the longest line parsed as a record
 * (longer ones become one truncated event) and the cut size of oversized messages (one event
 * split into parts). A count saved under other settings would skip the wrong prefix on resume —
 * duplicates or loss — so it is stored beside the count and compared on every claim.
 */
export function eventOrderVersion(maxLineBytes: number): string {
  return `v1;max-line-bytes=${maxLineBytes};event-cut-bytes=${EVENT_CUT_BYTES}`;
}
