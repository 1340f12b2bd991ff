// The TypeScript types of the config input (src/config/input.ts), checked the way a user meets them: tsc
// compiles test/types/config-input.ts against the published declarations dist/types/index.d.ts. Its
// lines marked as expected errors must be errors; the same file without the marks must fail to compile.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;
const tsc = (file: string) =>
  spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "--noEmit", "--strict", "--target", "es2022", "--module", "nodenext", "--moduleResolution", "nodenext", "--skipLibCheck", file], { cwd: root, encoding: "utf8", timeout: 120_000 });

describe("config input types", () => {
  it("accept configs as written, reject an unknown kind, field or pairing at compile time", () => {
    const r = tsc("test/types/config-input.ts");
    expect(r.status, r.stdout + r.stderr).toBe(0);
  }, 120_000);

  it("fail to compile without the @ts-expect-error marks (the check can fail)", () => {
    const text = readFileSync(join(root, "test/types/config-input.ts"), "utf8").replace(/^\s*\/\/ @ts-expect-error.*$/gm, "");
    const dir = mkdtempSync(join(root, "test/types/.tmp-"));
    const file = join(dir, "unmarked.ts");
    writeFileSync(file, text.replace('"../../dist/types/index.js"', '"../../../dist/types/index.js"'));
    const r = tsc(file);
    rmSync(dir, { recursive: true, force: true });
    expect(r.status).not.toBe(0);
    const errors = r.stdout.match(/error TS\d+/g) ?? [];
    expect(errors.length).toBe(6);
    expect(r.stdout).toMatch(/"nope"/);
  }, 120_000);
});
