// `--set path=value`: override any field of a config from the command line.
//
// The value is JSON when it parses as JSON (`--set model.d=32`, `--set model.coupling='{"kind":"partial"}'`,
// `--set record.points=30`), otherwise the raw string (`--set learner.activation=relu`). The path is
// checked against the config's schema (valibot, src/cli/config-paths.ts) level by level, so a typo is an error that names the path and
// lists the keys allowed at that level, before any work starts. The caller re-validates the whole config
// afterwards (a known key with a bad value is reported by the schema, naming field, value and range).
import { StairsInputError } from "../errors.js";
import { unwrap, type Schema } from "../config/validate.js";

export interface Assignment {
  /** The path as typed, e.g. "model.d". */
  text: string;
  path: string[];
  value: unknown;
}

/** A `--set` path that the config does not have: names the path and the fields allowed where it went wrong. */
export class UnknownPathError extends StairsInputError {
  constructor(path: string, key: string, level: string, allowed: readonly string[]) {
    super(`--set ${path}`, path, `a known config path`);
    this.message = `unknown --set path "${path}": ${level} has no field "${key}"; its fields are ${allowed.join(", ")}`;
  }
}

/** Parses one `path=value` argument. */
export function parseAssignment(argument: string): Assignment {
  const eq = argument.indexOf("=");
  if (eq <= 0) throw new StairsInputError("--set", argument, `of the form path=value, e.g. model.d=32`);
  const text = argument.slice(0, eq).trim();
  const path = text.split(".");
  if (path.some((key) => key === "")) throw new StairsInputError("--set", argument, `a dotted path of keys, e.g. model.d=32`);
  const raw = argument.slice(eq + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // not JSON: keep the string (activation names, kinds, ...)
  }
  return { text, path, value };
}

type Node = Schema & { entries?: Record<string, Schema>; literal?: unknown; options?: unknown[] };

/** Schemas that accept anything (e.g. an activation, checked by its own function): any path below is allowed. */
function isOpen(schema: Schema): boolean {
  return unwrap(schema).some((node) => node.type === "unknown" || node.type === "any");
}

/** The object schemas a value at this schema may take (wrappers and preprocessing stripped, union options listed). */
function objectOptions(schema: Schema): Schema[] {
  return unwrap(schema).filter((node) => (node as Node).entries !== undefined);
}

function shapeOf(schema: Schema): Record<string, Schema> {
  return (schema as Node).entries ?? {};
}

/** The literal values a field schema accepts, if it is a literal or a list of them (used to pick a union option by "kind"). */
function literalValues(schema: Schema): unknown[] {
  return unwrap(schema).flatMap((node) => {
    const n = node as Node;
    if (n.type === "literal") return [n.literal];
    if (n.type === "picklist") return n.options ?? [];
    return [];
  });
}

/**
 * Among the object options, those that fit the current value: when the value has a `kind` and some
 * options pin `kind` to literals, keep the options whose `kind` matches (a network learner has other
 * keys than a neuron).
 */
function matchingOptions(options: Schema[], current: unknown): Schema[] {
  const kind = isPlainObject(current) ? current.kind : undefined;
  if (kind === undefined) return options;
  const matching = options.filter((option) => {
    const kindSchema = shapeOf(option).kind;
    return kindSchema === undefined || literalValues(kindSchema).includes(kind);
  });
  return matching.length > 0 ? matching : options;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Applies one assignment to a deep copy of `config`, checking each key of the path against `schema`. */
export function applyAssignment(config: Record<string, unknown>, assignment: Assignment, schema: Schema, root = ""): Record<string, unknown> {
  const result = structuredClone(config);
  let schemas: Schema[] = [schema];
  let target: Record<string, unknown> = result;
  const walked: string[] = [];
  for (let i = 0; i < assignment.path.length; i++) {
    const key = assignment.path[i];
    if (schemas.some(isOpen)) {
      // A free-form field: set the rest of the path as given; the config's own validation judges it.
      setPath(target, assignment.path.slice(i), assignment.value);
      break;
    }
    const options = matchingOptions(schemas.flatMap(objectOptions), target);
    const allowed = [...new Set(options.flatMap((option) => Object.keys(shapeOf(option))))].filter((k) => k !== "$schema");
    const level = [root, ...walked].filter((s) => s !== "").join(".") || "the top level";
    if (options.length === 0) {
      throw new StairsInputError(`--set ${assignment.text}`, assignment.text, `a path into an object; "${level}" holds a value, not fields`);
    }
    if (!allowed.includes(key)) {
      throw new UnknownPathError(assignment.text, key, level, allowed);
    }
    if (i === assignment.path.length - 1) {
      target[key] = assignment.value;
      break;
    }
    // Descend, turning a shorthand string (e.g. "partial") into {kind: "partial"} so that its fields can be set.
    let next = target[key];
    if (typeof next === "string") next = { kind: next };
    if (!isPlainObject(next)) next = {};
    target[key] = next;
    target = next as Record<string, unknown>;
    schemas = options.map((option) => shapeOf(option)[key]).filter((s): s is Schema => s !== undefined);
    walked.push(key);
  }
  return result;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (!isPlainObject(node[key])) node[key] = typeof node[key] === "string" ? { kind: node[key] } : {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

/** Applies every assignment in order. */
export function applyAssignments(config: Record<string, unknown>, assignments: readonly Assignment[], schema: Schema, root = ""): Record<string, unknown> {
  return assignments.reduce((current, assignment) => applyAssignment(current, assignment, schema, root), config);
}
