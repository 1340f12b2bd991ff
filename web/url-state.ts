// The config lives in the page's address (the fragment, so it never reaches a server): a link to the page
// reproduces the view. The fragment is `#config=` and the JSON, percent-encoded.
import type { ConfigObject } from "./config-form.js";

export function readConfigFromUrl(): ConfigObject | null {
  const text = new URLSearchParams(location.hash.slice(1)).get("config");
  if (!text) return null;
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

export function writeConfigToUrl(config: ConfigObject): void {
  // URLSearchParams encodes everything; turn back the characters that are safe in a fragment, for a
  // link that stays readable.
  const encoded = new URLSearchParams({ config: JSON.stringify(config) }).toString()
    .replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%22/g, '"').replace(/%7B/g, "{").replace(/%7D/g, "}");
  history.replaceState(null, "", `#${encoded}`);
}
