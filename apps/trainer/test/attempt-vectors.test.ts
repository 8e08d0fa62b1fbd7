import { MemoryEmbeddingStore } from "@headstart/ml-core";
import { describe, expect, it } from "vitest";
import { AttemptVectors } from "../src/compute/attempt-vectors.ts";

/** A store that records which keys each lookup asked it for. */
class RecordingStore extends MemoryEmbeddingStore {
  readonly asked: string[][] = [];
  override async getMany(keys: readonly string[]) {
    this.asked.push([...keys]);
    return super.getMany(keys);
  }
}

const v = (...values: number[]) => Float32Array.from(values);

describe("AttemptVectors", () => {
  it("answers keys it has read or written without asking the store again, and asks only for the rest", async () => {
    const store = new RecordingStore();
    await store.putMany([
      ["a", v(1, 2)],
      ["b", v(3, 4)],
    ]);
    const vectors = new AttemptVectors(store);
    expect([...(await vectors.getMany(["a", "x"])).entries()]).toEqual([["a", v(1, 2)]]);
    await vectors.putMany([["c", v(5, 6)]]);
    const found = await vectors.getMany(["a", "b", "c", "x"]);
    expect(store.asked).toEqual([
      ["a", "x"],
      ["b", "x"],
    ]);
    expect(found).toEqual(
      new Map([
        ["a", v(1, 2)],
        ["b", v(3, 4)],
        ["c", v(5, 6)],
      ]),
    );
  });

  it("hands out copies: a caller changing its vector changes nothing kept", async () => {
    const vectors = new AttemptVectors(new MemoryEmbeddingStore());
    const put = v(1, 2);
    await vectors.putMany([["a", put]]);
    put[0] = 99;
    const first = (await vectors.getMany(["a"])).get("a")!;
    first[1] = 99;
    expect((await vectors.getMany(["a"])).get("a")).toEqual(v(1, 2));
  });

  it("takes a put over what it kept, and keeps no more bytes than its budget", async () => {
    const store = new RecordingStore();
    await store.putMany([["a", v(1)]]);
    // Room for two one-float vectors.
    const vectors = new AttemptVectors(store, 8);
    await vectors.getMany(["a"]);
    await vectors.putMany([["a", v(1, 2)]]);
    expect((await vectors.getMany(["a"])).get("a")).toEqual(v(1, 2));
    await vectors.putMany([["b", v(7)]]);
    // Past the budget "b" was not kept: the store answers it.
    store.asked.length = 0;
    expect((await vectors.getMany(["a", "b"])).get("b")).toEqual(v(7));
    expect(store.asked).toEqual([["b"]]);
  });
});
