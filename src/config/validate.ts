// One place turns a schema library's complaints into this project's error shape: the field (as a dotted
// path), the value it got and what is allowed. Every config in the project is checked through here,
// once, before any work starts. The schemas are valibot's (tree-shakeable, English only; the choice and
// its measurements: docs/packaging.md), each built on first use (`lazySchema`), so that a bundle that
// never validates a learner carries none of the learners' schemas.
import * as v from "valibot";
import { StairsInputError } from "../errors.js";

export type Schema = v.GenericSchema;
type Issue = v.BaseIssue<unknown>;

/** A schema built on its first use and kept. Call sites are marked pure so that bundlers drop unused ones. */
export function lazySchema<S>(build: () => S): () => S {
  let schema: S | undefined;
  return () => (schema ??= build());
}

type NumberAction = v.PipeItem<number, number, v.BaseIssue<unknown>>;

/** A finite number (NaN and infinities refused), then the given checks in order. */
export function finiteNumber(...actions: NumberAction[]): v.GenericSchema<number> {
  return (v.pipe as unknown as (...items: unknown[]) => v.GenericSchema<number>)(v.number(), v.finite(), ...actions);
}

/** An integer in [min, max]. */
export function integer(min: number, max: number): v.GenericSchema<number> {
  return finiteNumber(v.integer(), v.minValue(min), v.maxValue(max));
}

/** Validates `input`; throws a StairsInputError naming the innermost field (under `root`) that is wrong. */
export function validate<S extends Schema>(schema: S, input: unknown, root: string): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const issue = innermost(result.issues[0]);
  const path = (issue.path ?? []).map((item) => String((item as { key: unknown }).key));
  let value: unknown = issue.input;
  const last = issue.path?.[issue.path.length - 1] as { origin?: string; value?: unknown } | undefined;
  // An unknown key is named itself (model.betaX), not the object that holds it, and shown with its value,
  // so that the API, the command line and the page all point at the innermost field.
  if (last?.origin === "key") value = last.value;
  const field = [root, ...path].filter((s) => s !== "").join(".");
  throw new StairsInputError(field || root, value, allowedText(issue, schema, path));
}

const TYPES = new Set(["number", "boolean", "string", "array", "object", "strict_object", "loose_object", "variant"]);

/** An issue that says the value had the wrong type for its schema (at the schema's own level). */
function wrongType(issue: Issue): boolean {
  if (issue.kind !== "schema" || (issue.path !== undefined && issue.path.length > 0)) return false;
  if (TYPES.has(issue.type)) return issue.type !== "variant" || issue.expected === "Object";
  if (issue.type === "picklist" || issue.type === "literal") {
    const first = optionsOf(issue.expected)[0] ?? "";
    return (first.startsWith('"') ? "string" : "number") !== typeof issue.input;
  }
  return false;
}

// A union whose branches all failed reports every branch's complaint. Follow the one branch whose input had
// the right type (e.g. the vectors form of "spikes" when an object was given), so the message names the
// deepest field; when no branch took this type, list what each would have taken.
function innermost(issue: Issue): Issue {
  if (issue.type !== "union" || !issue.issues || issue.issues.length === 0) return issue;
  const relevant = issue.issues.filter((inner) => !wrongType(inner));
  if (relevant.length > 0) {
    const inner = relevant[0];
    return innermost({ ...inner, path: [...(issue.path ?? []), ...(inner.path ?? [])] as Issue["path"] });
  }
  const forms = issue.issues.map((inner) => allowedText(inner)).join(" or ");
  return { ...issue, issues: undefined, message: forms, type: "forms" };
}

/** The options of an expectation such as '("a" | ("b" | "c"))' or "0", as written: ['"a"', '"b"', '"c"']. */
const optionsOf = (expected: string | null) => (expected ?? "").match(/"(?:[^"\\]|\\.)*"|[^\s()|]+/g) ?? [];
const join = (expected: string | null) => optionsOf(expected).join(", ");

// What the issue says is allowed ("Invalid type: Expected number but received "8""): the expectation,
// worded as this project's messages are; StairsInputError says what was received.
function allowedText(issue: Issue, schema?: Schema, path: string[] = []): string {
  const requirement = (issue as { requirement?: unknown }).requirement;
  switch (issue.type) {
    case "forms":
      return issue.message;
    case "number":
      return typeof issue.input === "number" ? "a finite number" : "of type number";
    case "finite":
      return "a finite number";
    case "integer":
      return "an integer";
    case "min_value":
      return `>= ${String(requirement)}`;
    case "max_value":
      return `<= ${String(requirement)}`;
    case "gt_value":
      return `> ${String(requirement)}`;
    case "lt_value":
      return `< ${String(requirement)}`;
    case "min_length":
      return `>= ${String(requirement)} items`;
    case "max_length":
      return `<= ${String(requirement)} items`;
    case "picklist":
    case "literal":
      return `one of ${join(issue.expected)}`;
    case "variant":
      return issue.expected === "Object" ? "of type object" : `one of ${join(issue.expected)}`;
    case "object":
    case "strict_object":
    case "loose_object": {
      if (issue.expected === "never") return "absent (not a known field)";
      // A missing required field: say what it would have been.
      if (issue.input === undefined && issue.path && issue.path.length > 0) return expectedAt(schema, path);
      return "of type object";
    }
    case "boolean":
    case "string":
    case "array":
      return `of type ${issue.type}`;
    case "union":
      return "one of the documented forms";
    case "check":
      return issue.message; // written for this project's messages ("a multiple of 0.25")
    default:
      return issue.message;
  }
}

/** What the schema expects at a path (for a field that is missing), e.g. "of type array". */
function expectedAt(schema: Schema | undefined, path: string[]): string {
  let nodes: Schema[] = schema ? [schema] : [];
  for (const key of path) {
    nodes = nodes.flatMap(unwrap).flatMap((node) => {
      const entries = (node as { entries?: Record<string, Schema> }).entries;
      return entries && entries[key] ? [entries[key]] : [];
    });
  }
  const expects = nodes.flatMap(unwrap)[0]?.expects;
  if (expects === undefined) return "given (a required field)";
  if (expects === "Object" || expects === "Array") return `of type ${expects.toLowerCase()}`;
  return /^[a-z]+$/.test(expects) ? `of type ${expects}` : `one of ${join(expects)}`;
}

/** The object schemas (and leaves) a schema may stand for: pipes, optionals and unions looked through. */
export function unwrap(schema: Schema): Schema[] {
  const s = schema as Schema & { pipe?: Schema[]; wrapped?: Schema; options?: Schema[] };
  if (s.type === "optional" || s.type === "nullable" || s.type === "nullish" || s.type === "exact_optional") return unwrap(s.wrapped!);
  if (s.type === "union" || s.type === "variant") return s.options!.flatMap(unwrap);
  // A pipe carries its first schema's fields (a number's, an object's entries); a preprocessing pipe
  // (unknown, transform, schema) is judged by the schema after the transform.
  const later = s.pipe?.slice(1).filter((item) => item.kind === "schema") ?? [];
  if (later.length > 0) return unwrap(later[later.length - 1]);
  return [schema];
}
