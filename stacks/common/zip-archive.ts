/**
 * A deterministic zip archive (PKWARE APPNOTE 6.3: local headers, central directory, end record),
 * built in memory. The same entries give the same bytes: entries are written in the order given,
 * every entry carries the same time (1980-01-01 00:00, the earliest a zip can hold) and mode
 * (regular file, 0644), and no extra fields. Deflate output depends only on the input and zlib's
 * version (Node ships its own). No zip64: a Lambda package is far below 4 GiB and 65,535 entries.
 */
import { deflateRawSync } from "node:zlib";

export interface ZipEntry {
  /** Path inside the archive, `/`-separated, relative. */
  readonly name: string;
  readonly data: Buffer;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** 2.0: deflate. */
const VERSION_NEEDED = 20;
/** Upper byte 3 = Unix, so unzip tools read the mode from the external attributes. */
const VERSION_MADE_BY = (3 << 8) | VERSION_NEEDED;
/** Bit 11: names are UTF-8. */
const FLAGS = 0x0800;
const DEFLATE = 8;
/** MS-DOS date 1980-01-01 ((year - 1980) << 9 | month << 5 | day) and time 00:00:00. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;
/** Unix mode in the upper 16 bits: regular file, rw-r--r--. */
const EXTERNAL_ATTRIBUTES = (0o100644 << 16) >>> 0;
const MAX_16 = 0xffff;
const MAX_32 = 0xffffffff;

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (ISO 3309, as zip requires); zlib.crc32 needs Node ≥ 20.15, loghop supports 20.10. */
export function crc32(data: Buffer): number {
  let crc = MAX_32;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ MAX_32) >>> 0;
}

interface Written {
  readonly name: Buffer;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly offset: number;
}

/** The fields local and central headers share, from "version needed" to the extra field length. */
function commonFields(entry: Written): Buffer {
  const fields = Buffer.alloc(26);
  fields.writeUInt16LE(VERSION_NEEDED, 0);
  fields.writeUInt16LE(FLAGS, 2);
  fields.writeUInt16LE(DEFLATE, 4);
  fields.writeUInt16LE(DOS_TIME, 6);
  fields.writeUInt16LE(DOS_DATE, 8);
  fields.writeUInt32LE(entry.crc, 10);
  fields.writeUInt32LE(entry.compressedSize, 14);
  fields.writeUInt32LE(entry.size, 18);
  fields.writeUInt16LE(entry.name.length, 22);
  fields.writeUInt16LE(0, 24);
  return fields;
}

function signature(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value, 0);
  return buffer;
}

function centralHeader(entry: Written): Buffer {
  const madeBy = Buffer.alloc(2);
  madeBy.writeUInt16LE(VERSION_MADE_BY, 0);
  const tail = Buffer.alloc(14);
  tail.writeUInt16LE(0, 0); // comment length
  tail.writeUInt16LE(0, 2); // disk number start
  tail.writeUInt16LE(0, 4); // internal attributes
  tail.writeUInt32LE(EXTERNAL_ATTRIBUTES, 6);
  tail.writeUInt32LE(entry.offset, 10);
  return Buffer.concat([signature(CENTRAL_HEADER), madeBy, commonFields(entry), tail, entry.name]);
}

function endOfCentralDirectory(count: number, size: number, start: number): Buffer {
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(0, 4); // this disk
  end.writeUInt16LE(0, 6); // disk where the central directory starts
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(start, 16);
  end.writeUInt16LE(0, 20); // comment length
  return end;
}

export function zipArchive(entries: readonly ZipEntry[]): Buffer {
  if (entries.length > MAX_16) throw new RangeError(`a zip without zip64 holds at most ${MAX_16} entries`);
  const parts: Buffer[] = [];
  const written: Written[] = [];
  let position = 0;
  for (const { name, data } of entries) {
    const compressed = deflateRawSync(data, { level: 9 });
    const entry: Written = {
      name: Buffer.from(name, "utf8"),
      crc: crc32(data),
      compressedSize: compressed.length,
      size: data.length,
      offset: position,
    };
    const header = Buffer.concat([signature(LOCAL_HEADER), commonFields(entry), entry.name]);
    parts.push(header, compressed);
    written.push(entry);
    position += header.length + compressed.length;
    if (position > MAX_32) throw new RangeError("a zip without zip64 holds at most 4 GiB");
  }
  const central = Buffer.concat(written.map(centralHeader));
  return Buffer.concat([...parts, central, endOfCentralDirectory(written.length, central.length, position)]);
}
