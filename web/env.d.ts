// Build-time modules of the page (scripts/build-web.mjs).

/** Every presets/*.json, by file name without the extension. */
declare module "stairs:presets" {
  const presets: Record<string, Record<string, unknown>>;
  export default presets;
}

declare module "*.css";
