// NumPy .npy files of float64 arrays (format version 1.0), written and read without NumPy:
// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
//
//   bytes 0-5   magic "\x93NUMPY"
//   bytes 6-7   version 1, 0
//   bytes 8-9   header length H, little-endian u16
//   H bytes     an ASCII Python dict literal {'descr': '<f8', 'fortran_order': False, 'shape': (n, d), },
//               padded with spaces and ended by '\n' so that 10 + H is a multiple of 64 (the alignment
//               NumPy itself writes)
//   then        the data: little-endian float64, C (row-major) order.
//
// Platform-neutral (no node: imports): the command line writes the bytes to files, a page could offer them
// as downloads.

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93 N U M P Y
const ALIGN = 64;

/**
 * The header (magic, version, length, dict) of a C-order array of the given shape; `descr` is the NumPy
 * dtype: "<f8" (float64, the default) or "<Un" (unicode strings of at most n code points, UTF-32LE).
 */
export function npyHeader(shape: readonly number[], descr = "<f8"): Uint8Array {
  for (const n of shape) {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`npy shape entries must be integers >= 0; got ${n}`);
  }
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = 10 + dict.length + 1; // + the final '\n'
  const total = Math.ceil(unpadded / ALIGN) * ALIGN;
  const headerLength = total - 10;
  if (headerLength > 0xffff) throw new RangeError("npy header too long for format 1.0");
  const bytes = new Uint8Array(total);
  bytes.set(MAGIC, 0);
  bytes[6] = 1;
  bytes[7] = 0;
  bytes[8] = headerLength & 0xff;
  bytes[9] = headerLength >> 8;
  const text = dict + " ".repeat(total - unpadded) + "\n";
  for (let i = 0; i < text.length; i++) bytes[10 + i] = text.charCodeAt(i);
  return bytes;
}

const littleEndianHost = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/** The little-endian bytes of float64 values (a view when the host is little-endian, as all wasm hosts are). */
export function float64Bytes(values: Float64Array): Uint8Array {
  if (littleEndianHost) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setFloat64(i * 8, v, true));
  return out;
}

/** A whole .npy file of a float64 array with the given shape (product of shape = values.length). */
export function encodeNpy(values: Float64Array, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== values.length) throw new RangeError(`npy shape ${shape.join("x")} holds ${count} values; got ${values.length}`);
  const header = npyHeader(shape);
  const out = new Uint8Array(header.length + values.length * 8);
  out.set(header, 0);
  out.set(float64Bytes(values), header.length);
  return out;
}

/**
 * A whole .npy file of strings (NumPy dtype "<Un", n = the longest string's code points, at least 1): what
 * `np.load` reads without pickles. A shape of [] gives a 0-d array (`r["config"].item()` is the string).
 */
export function encodeNpyStrings(values: readonly string[], shape: readonly number[] = [values.length]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== values.length) throw new RangeError(`npy shape ${shape.join("x")} holds ${count} values; got ${values.length}`);
  const points = values.map((s) => Array.from(s, (c) => c.codePointAt(0)!));
  const width = Math.max(1, ...points.map((p) => p.length));
  const header = npyHeader(shape, `<U${width}`);
  const out = new Uint8Array(header.length + 4 * width * values.length);
  out.set(header, 0);
  const view = new DataView(out.buffer);
  points.forEach((p, i) => p.forEach((c, j) => view.setUint32(header.length + 4 * (i * width + j), c, true)));
  return out;
}

/** Reads a float64 .npy file (versions 1.0-3.0, '<f8', C order), as written by encodeNpy or NumPy. */
export function decodeNpy(bytes: Uint8Array): { shape: number[]; data: Float64Array } {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error("not a .npy file (bad magic)");
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  let header = "";
  for (let i = start; i < start + headerLength; i++) header += String.fromCharCode(bytes[i]);
  if (!/'descr':\s*'<f8'/.test(header)) throw new Error(`unsupported .npy dtype in header ${header.trim()}`);
  if (!/'fortran_order':\s*False/.test(header)) throw new Error("unsupported .npy: Fortran order");
  const shapeMatch = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!shapeMatch) throw new Error(`no shape in .npy header ${header.trim()}`);
  const shape = shapeMatch[1]
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLength;
  if (bytes.length !== offset + 8 * count) throw new Error(`.npy data has ${bytes.length - offset} bytes; the shape needs ${8 * count}`);
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = view.getFloat64(offset + 8 * i, true);
  return { shape, data };
}
