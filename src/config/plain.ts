// Configs arrive from JSON files, the page's address and arbitrary callers. Before any schema sees one it
// is copied into plain data, once: own enumerable fields only (inherited ones are not config fields), each
// read once (a getter runs once, and if it or a Proxy throws, the error names the field), "__proto__"
// kept as an ordinary field (which the schema then refuses as unknown), at most MAX_DEPTH levels deep.
import { StairsInputError } from "../errors.js";

export const MAX_DEPTH = 32;

/** A plain-data copy of a config, or a StairsInputError naming the field that cannot be read. */
export function plainData(value: unknown, root: string): unknown {
  return copy(value, root, 0);
}

const join = (path: string, key: string) => (path === "" ? key : `${path}.${key}`);

function copy(value: unknown, path: string, depth: number): unknown {
  if (value === null || typeof value !== "object") return value;
  if (ArrayBuffer.isView(value)) return value;
  const field = path === "" ? "config" : path;
  if (depth >= MAX_DEPTH) throw new StairsInputError(field, `an object nested more than ${MAX_DEPTH} levels deep`, `a config at most ${MAX_DEPTH} levels deep`);
  let keys: string[];
  let isArray: boolean;
  try {
    isArray = Array.isArray(value);
    keys = Object.keys(value);
  } catch (error) {
    throw new StairsInputError(field, `an object whose fields cannot be listed (${reason(error)})`, "plain data (JSON values)");
  }
  const out: Record<string, unknown> | unknown[] = isArray ? [] : {};
  for (const key of keys) {
    let inner: unknown;
    try {
      inner = (value as Record<string, unknown>)[key];
    } catch (error) {
      throw new StairsInputError(join(path, key), `a field whose read threw (${reason(error)})`, "plain data (JSON values)");
    }
    Object.defineProperty(out, key, { value: copy(inner, join(path, key), depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function reason(error: unknown): string {
  try {
    return String((error as Error)?.message ?? error).slice(0, 100);
  } catch {
    return "an unprintable error";
  }
}
