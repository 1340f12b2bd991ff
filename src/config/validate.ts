// One place turns a schema library's complaints into this project's error shape: the field (as a dotted
// path), the value it got and what is allowed. Every config in the project is checked through here,
// once, before any work starts.
import type { z } from "zod";
import { StairsInputError } from "../errors.js";

export function validate<S extends z.ZodType>(schema: S, input: unknown, root: string): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = [root, ...issue.path.map(String)].filter((s) => s !== "").join(".");
  throw new StairsInputError(field || root, (issue as { input?: unknown }).input, allowedText(issue));
}

// Zod's messages say what was expected ("Invalid input: expected number, received string"); keep the
// expectation and let StairsInputError say what was received.
function allowedText(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `of type ${issue.expected}`;
    case "too_small":
      return `${issue.inclusive === false ? ">" : ">="} ${issue.minimum}${issue.origin === "array" ? " items" : ""}`;
    case "too_big":
      return `${issue.inclusive === false ? "<" : "<="} ${issue.maximum}${issue.origin === "array" ? " items" : ""}`;
    case "invalid_value":
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "unrecognized_keys":
      return `absent (unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")})`;
    case "invalid_union":
      return issue.message.startsWith("Invalid input") ? "one of the documented forms" : issue.message;
    default:
      return issue.message;
  }
}
