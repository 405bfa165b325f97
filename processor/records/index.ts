export { parseTimestamp, parseRfc3339, epochToMillis } from "./timestamp";
export { extractRecord, AGENT_METADATA_FIELDS, TIMESTAMP_FIELDS, type ExtractedRecord } from "./record";
export { parseLine, type LineParse } from "./line-records";
export { objectEvents, type ObjectEventsOptions } from "./object-events";
export { splitMessage, truncatedEvent, utf8Prefix, partMarker, truncatedMarker } from "./event-cap";
export { emptyReadCounters, type ReadCounters } from "./counters";
