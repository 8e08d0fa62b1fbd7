import { describe, expect, it } from "vitest";
import { checkEntryPath, isJunkPath, planImport } from "../src/datasets/import-layout.ts";

function plan(paths: string[]) {
  return planImport(
    paths.map((path) => {
      const checked = checkEntryPath(path);
      if (!checked.ok) throw new Error(`unexpected unsafe path ${path}`);
      return { path, segments: checked.segments };
    }),
  );
}

describe("checkEntryPath (zip-slip guard)", () => {
  it.each([
    ["/etc/passwd", "is absolute"],
    ["\\windows\\system32\\x.png", "is absolute"],
    ["C:/Users/x.png", "drive letter"],
    ["c:x.png", "drive letter"],
    ["train/../../x.png", '".."'],
    ["..\\x.png", '".."'],
    ["cat/\0.png", "NUL"],
    ["", "empty"],
  ])("refuses %j", (name, why) => {
    const result = checkEntryPath(name);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.rejection.code).toBe("UNSAFE_PATH");
      expect(result.rejection.message).toContain(why);
    }
  });

  it('accepts relative paths, normalising backslashes and "." segments', () => {
    expect(checkEntryPath("train\\cat\\a.png")).toEqual({ ok: true, segments: ["train", "cat", "a.png"] });
    expect(checkEntryPath("./cat//a..b.png")).toEqual({ ok: true, segments: ["cat", "a..b.png"] });
  });

  it("recognises archiver and desktop clutter", () => {
    expect(isJunkPath(["__MACOSX", "cat", "._a.png"])).toBe(true);
    expect(isJunkPath(["cat", ".DS_Store"])).toBe(true);
    expect(isJunkPath(["cat", "Thumbs.db"])).toBe(true);
    expect(isJunkPath(["cat", "a.png"])).toBe(false);
  });
});

describe("planImport", () => {
  it("reads a pre-split Keras tree, case-insensitively, with validation aliases", () => {
    const result = plan(["train/cat/1.png", "Val/dog/2.png", "validation/cat/3.png", "test/dog/4.png"]);
    expect(result.layout).toBe("PRE_SPLIT");
    expect(result.files).toEqual([
      { path: "train/cat/1.png", split: "TRAIN", label: "cat" },
      { path: "Val/dog/2.png", split: "VAL", label: "dog" },
      { path: "validation/cat/3.png", split: "VAL", label: "cat" },
      { path: "test/dog/4.png", split: "TEST", label: "dog" },
    ]);
    expect(result.rejected).toEqual([]);
  });

  it("reads a single root of label folders, leaving the split to the import", () => {
    const result = plan(["cat/1.png", "dog/2.png"]);
    expect(result.layout).toBe("SINGLE_ROOT");
    expect(result.files.map((f) => [f.label, f.split])).toEqual([
      ["cat", null],
      ["dog", null],
    ]);
  });

  it("strips a wrapper folder, as made by zipping a folder", () => {
    expect(plan(["flowers/train/rose/1.png", "flowers/val/tulip/2.png"]).files).toEqual([
      { path: "flowers/train/rose/1.png", split: "TRAIN", label: "rose" },
      { path: "flowers/val/tulip/2.png", split: "VAL", label: "tulip" },
    ]);
    expect(plan(["export/data/cat/1.png", "export/data/dog/2.png"]).files.map((f) => f.label)).toEqual(["cat", "dog"]);
  });

  it("never strips a split folder, even when it is the only one", () => {
    const result = plan(["train/cat/1.png", "train/dog/2.png"]);
    expect(result.layout).toBe("PRE_SPLIT");
    expect(result.files.map((f) => f.label)).toEqual(["cat", "dog"]);
  });

  it("rejects files that do not fit the layout, one by one", () => {
    const result = plan(["train/cat/1.png", "train/2.png", "notes/cat/3.png", "train/cat/deep/4.png"]);
    expect(result.files.map((f) => f.path)).toEqual(["train/cat/1.png"]);
    expect(result.rejected.map((r) => [r.path, r.rejection.code])).toEqual([
      ["train/2.png", "BAD_LAYOUT"],
      ["notes/cat/3.png", "BAD_LAYOUT"],
      ["train/cat/deep/4.png", "BAD_LAYOUT"],
    ]);
    expect(plan(["loose.png", "cat/1.png"]).rejected[0].rejection.message).toContain("<label>/<file>");
  });
});
