// The config lives in the page's address (the fragment, so it never reaches a server): a link to the page
// reproduces the view. The fragment is `#config=` and the JSON, percent-encoded.
import type { ConfigObject } from "./config-form.js";

/** The address's config, or why it is not one (bad JSON, not an object), or null when there is none. */
export function configInUrl(): { config: ConfigObject } | { problem: string } | null {
  const text = new URLSearchParams(location.hash.slice(1)).get("config");
  if (!text) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `not JSON (${(error as Error).message})` };
  }
  if (value && typeof value === "object" && !Array.isArray(value)) return { config: value as ConfigObject };
  return { problem: `not a config object (${Array.isArray(value) ? "an array" : JSON.stringify(value)})` };
}

export function writeConfigToUrl(config: ConfigObject): void {
  // URLSearchParams encodes everything; turn back the characters that are safe in a fragment, for a
  // link that stays readable.
  const encoded = new URLSearchParams({ config: JSON.stringify(config) }).toString()
    .replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%22/g, '"').replace(/%7B/g, "{").replace(/%7D/g, "}");
  history.replaceState(null, "", `#${encoded}`);
}
