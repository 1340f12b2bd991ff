// One place turns a schema library's complaints into this project's error shape: the field (as a dotted
// path), the value it got and what is allowed. Every config in the project is checked through here,
// once, before any work starts.
import type * as z from "zod";
import { StairsInputError } from "../errors.js";

export function validate<S extends z.ZodType>(schema: S, input: unknown, root: string): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const issue = innermost(result.error.issues[0]);
  let path = issue.path.map(String);
  let value = (issue as { input?: unknown }).input;
  // An unknown key is named itself (model.betaX), not the object that holds it, so that the API, the
  // command line and the page all point at the innermost field.
  if (issue.code === "unrecognized_keys" && issue.keys.length > 0) {
    path = [...path, issue.keys[0]];
    value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[issue.keys[0]] : undefined;
  }
  const field = [root, ...path].filter((s) => s !== "").join(".");
  // A discriminated union reports the whole object at the discriminator's path: show the discriminator.
  if (issue.code === "invalid_union" && "discriminator" in issue && value !== null && typeof value === "object") {
    value = (value as Record<string, unknown>)[String(issue.discriminator)];
  }
  throw new StairsInputError(field || root, value, allowedText(issue));
}

// A plain union reports every branch's complaint. Follow the one branch whose input had the right type
// (e.g. the vectors form of "spikes" when an object was given), so the message names the deepest field.
function innermost(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== "invalid_union" || !Array.isArray(issue.errors) || issue.errors.length === 0) return issue;
  const input = (issue as { input?: unknown }).input;
  const wrongType = (branch: z.core.$ZodIssue[]) => {
    const first = branch[0];
    if (first === undefined || first.path.length > 0) return false;
    if (first.code === "invalid_type") return true;
    return first.code === "invalid_value" && first.values.length > 0 && typeof first.values[0] !== typeof input;
  };
  const relevant = issue.errors.filter((branch) => branch.length > 0 && !wrongType(branch));
  if (relevant.length === 1) {
    const inner = relevant[0][0];
    return innermost({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue);
  }
  if (relevant.length === 0) {
    // No branch took this type: list what each would have taken.
    const forms = issue.errors.map((branch) => allowedText(branch[0])).join(" or ");
    return { ...issue, errors: [], message: forms } as z.core.$ZodIssue;
  }
  return issue;
}

// Zod's messages say what was expected ("Invalid input: expected number, received string"); keep the
// expectation and let StairsInputError say what was received.
function allowedText(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      if (issue.expected === "number" && typeof (issue as { input?: unknown }).input === "number") return "a finite number";
      return `of type ${issue.expected}`;
    case "too_small":
      return `${issue.inclusive === false ? ">" : ">="} ${issue.minimum}${issue.origin === "array" ? " items" : ""}`;
    case "too_big":
      return `${issue.inclusive === false ? "<" : "<="} ${issue.maximum}${issue.origin === "array" ? " items" : ""}`;
    case "invalid_value":
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "unrecognized_keys":
      return `absent (not a known field${issue.keys.length > 1 ? `; unknown too: ${issue.keys.slice(1).join(", ")}` : ""})`;
    case "invalid_union":
      if ("options" in issue && Array.isArray(issue.options)) {
        return `one of ${issue.options.map((v: unknown) => JSON.stringify(v)).join(", ")}`;
      }
      return issue.message.startsWith("Invalid input") || issue.message === "" ? "one of the documented forms" : issue.message;
    default:
      return issue.message;
  }
}
