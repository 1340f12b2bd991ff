// NumPy .npz files: a zip archive of .npy files, one per named array, as `np.savez` (stored) or
// `np.savez_compressed` (deflate) writes them. `np.load("r.npz")` opens it; `r["overlaps"]` is one array.
//
// Zip layout (PKWARE APPNOTE 4.3): for each entry a local header, the (stored or deflated) bytes; then the
// central directory and its end record. No zip64: an archive, and every entry, stays under 4 GiB (checked).
// Platform-neutral: the deflater is passed in (Node's zlib.deflateRawSync in the command line), so the
// library bundle carries no compressor; without one the entries are stored.

import { encodeNpy, encodeNpyStrings } from "./npy.js";

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309, the zip and gzip checksum). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

/** Raw deflate (RFC 1951, no zlib header), e.g. `zlib.deflateRawSync` in Node. */
export type RawDeflate = (bytes: Uint8Array) => Uint8Array;

// 1980-01-01 00:00 in MS-DOS time: a fixed stamp, so that the same arrays give the same bytes.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const LIMIT = 0xffffffff;

/** A zip archive of the entries, deflated with `deflate` when given (and smaller), else stored. */
export function encodeZip(entries: readonly ZipEntry[], deflate?: RawDeflate): Uint8Array {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = encoder.encode(entry.name);
    const crc = crc32(entry.data);
    let method = 0;
    let body = entry.data;
    if (deflate) {
      const packed = deflate(entry.data);
      if (packed.length < entry.data.length) {
        method = 8;
        body = packed;
      }
    }
    if (entry.data.length >= LIMIT || offset + 30 + name.length + body.length >= LIMIT) {
      throw new RangeError(`npz: entry ${entry.name} would pass 4 GiB (zip64 is not written); write .npy files instead`);
    }
    const local = new Uint8Array(30 + name.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, 0x04034b50, true);
    l.setUint16(4, 20, true); // version needed: 2.0 (deflate)
    l.setUint16(6, 0x0800, true); // flags: UTF-8 names
    l.setUint16(8, method, true);
    l.setUint16(10, DOS_TIME, true);
    l.setUint16(12, DOS_DATE, true);
    l.setUint32(14, crc, true);
    l.setUint32(18, body.length, true);
    l.setUint32(22, entry.data.length, true);
    l.setUint16(26, name.length, true);
    l.setUint16(28, 0, true);
    local.set(name, 30);
    const record = new Uint8Array(46 + name.length);
    const c = new DataView(record.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 20, true); // made by: 2.0, MS-DOS attributes
    c.setUint16(6, 20, true);
    c.setUint16(8, 0x0800, true);
    c.setUint16(10, method, true);
    c.setUint16(12, DOS_TIME, true);
    c.setUint16(14, DOS_DATE, true);
    c.setUint32(16, crc, true);
    c.setUint32(20, body.length, true);
    c.setUint32(24, entry.data.length, true);
    c.setUint16(28, name.length, true);
    // extra, comment, disk, internal and external attributes: 0
    c.setUint32(42, offset, true);
    record.set(name, 46);
    parts.push(local, body);
    central.push(record);
    offset += local.length + body.length;
  }
  const centralSize = central.reduce((s, r) => s + r.length, 0);
  if (entries.length > 0xffff || offset + centralSize >= LIMIT) throw new RangeError("npz: archive would pass 4 GiB or 65535 entries");
  const end = new Uint8Array(22);
  const e = new DataView(end.buffer);
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, entries.length, true);
  e.setUint16(10, entries.length, true);
  e.setUint32(12, centralSize, true);
  e.setUint32(16, offset, true);
  const out = new Uint8Array(offset + centralSize + end.length);
  let at = 0;
  for (const part of [...parts, ...central, end]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** An array for an .npz: float64 values with a shape, or strings (one string and shape [] for a 0-d array). */
export type NpzArray = { shape: number[]; data: Float64Array } | { shape: number[]; strings: string[] };

/** The .npz of named arrays (each becomes NAME.npy in the archive, `r[NAME]` after `np.load`). */
export function encodeNpz(arrays: Record<string, NpzArray>, deflate?: RawDeflate): Uint8Array {
  return encodeZip(
    Object.entries(arrays).map(([name, array]) => ({
      name: `${name}.npy`,
      data: "strings" in array ? encodeNpyStrings(array.strings, array.shape) : encodeNpy(array.data, array.shape),
    })),
    deflate,
  );
}
