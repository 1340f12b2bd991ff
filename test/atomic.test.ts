import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { writeFileAtomic, writeJsonAtomic } from "../src/cli/atomic.js";

describe("atomic writes", () => {
  test("creates missing directories and leaves no temporary file", () => {
    const dir = mkdtempSync(join(tmpdir(), "stairs-atomic-"));
    writeJsonAtomic(join(dir, "a/b/result.json"), { x: 1 });
    expect(JSON.parse(readFileSync(join(dir, "a/b/result.json"), "utf8"))).toEqual({ x: 1 });
    expect(readdirSync(join(dir, "a/b"))).toEqual(["result.json"]);
  });
  test("replaces an existing file whole", () => {
    const dir = mkdtempSync(join(tmpdir(), "stairs-atomic-"));
    const path = join(dir, "f.txt");
    writeFileSync(path, "old");
    writeFileAtomic(path, "new");
    expect(readFileSync(path, "utf8")).toBe("new");
  });
  test("a failed write leaves nothing behind", () => {
    const dir = mkdtempSync(join(tmpdir(), "stairs-atomic-"));
    writeFileSync(join(dir, "file"), "x");
    // the target's parent is a file: mkdir fails before anything is written
    expect(() => writeFileAtomic(join(dir, "file/out.json"), "y")).toThrow();
    // the target is a directory: the temporary file is written, the rename fails, and it is removed
    expect(() => writeFileAtomic(dir, "y")).toThrow();
    expect(readdirSync(dir)).toEqual(["file"]);
  });
});
