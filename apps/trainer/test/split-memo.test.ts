// The worker's memo of split-only results (src/compute/split-memo.ts): the pixel baseline and the
// label-issue pixel members, reused by the next run of the same version.
import { describe, expect, it } from "vitest";
import { SplitMemo } from "../src/compute/split-memo.ts";

describe("split memo", () => {
  it("computes once per key, and again for anything the key names that changed", async () => {
    const memo = new SplitMemo();
    let computed = 0;
    const work = async () => ({ accuracy: 0.9, run: ++computed });
    const key = SplitMemo.key("pixel-baseline", ["a", "b"], [["sha-1", "TRAIN", ["a"]]]);
    expect(await memo.get(key, work)).toEqual({ accuracy: 0.9, run: 1 });
    expect(await memo.get(key, work)).toEqual({ accuracy: 0.9, run: 1 });
    // A relabelled image is another split.
    const relabelled = SplitMemo.key("pixel-baseline", ["a", "b"], [["sha-1", "TRAIN", ["b"]]]);
    expect(relabelled).not.toBe(key);
    expect(await memo.get(relabelled, work)).toEqual({ accuracy: 0.9, run: 2 });
  });

  it("keeps neither a result it is told to retry nor a thrown error", async () => {
    const memo = new SplitMemo();
    let calls = 0;
    const failing = async () => {
      calls += 1;
      return null;
    };
    await memo.get("k", failing, (value) => value !== null);
    await memo.get("k", failing, (value) => value !== null);
    expect(calls).toBe(2);
    await expect(
      memo.get("k", async () => {
        throw new Error("aborted");
      }),
    ).rejects.toThrow("aborted");
    expect(memo.size).toBe(0);
    expect(await memo.get("k", async () => 7)).toBe(7);
  });

  it("forgets the least recently used key past its capacity", async () => {
    const memo = new SplitMemo(2);
    let calls = 0;
    const work = async () => ++calls;
    await memo.get("a", work);
    await memo.get("b", work);
    await memo.get("a", work); // a is now the most recent
    await memo.get("c", work); // b goes
    expect(memo.size).toBe(2);
    expect(await memo.get("a", work)).toBe(1);
    expect(await memo.get("b", work)).toBe(4);
  });
});
