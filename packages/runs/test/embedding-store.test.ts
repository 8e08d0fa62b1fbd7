import { createTestDatabase, type TestDatabase } from "@headstart/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresEmbeddingStore } from "../src/embedding-store.ts";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

let keyPrefix = "";
const key = (i: number, backbone = "mobilenet_v2@1") =>
  `${backbone}/96px/minus1to1/features/original/${keyPrefix}${i.toString(16).padStart(64, "0")}`;

function vector(seed: number, dims = 1280): Float32Array {
  const out = new Float32Array(dims);
  for (let i = 0; i < dims; i++) out[i] = Math.sin(seed * 1000 + i) * 1e3 + 1e-7 * i;
  return out;
}

// Both read paths: through the Prisma client, and over the store's own pg pool (the trainer's).
const stores: PostgresEmbeddingStore[] = [];
afterAll(async () => {
  for (const store of stores) await store.close();
});

describe.each([
  ["through Prisma", false],
  ["over its own pg pool", true],
])("PostgresEmbeddingStore, reading %s", (_, ownPool) => {
  const newStore = () => {
    const store = new PostgresEmbeddingStore(database.prisma, ownPool ? { connectionString: database.url } : {});
    stores.push(store);
    return store;
  };
  // Each read path writes keys of its own, so neither suite sees the other's rows.
  beforeAll(() => {
    keyPrefix = ownPool ? "pool-" : "prisma-";
  });

  it("returns stored vectors bit for bit and leaves absent keys out", async () => {
    const store = newStore();
    await store.putMany([
      [key(1), vector(1)],
      [key(2), vector(2)],
    ]);
    const found = await store.getMany([key(1), key(2), key(3)]);
    expect([...found.keys()].sort()).toEqual([key(1), key(2)]);
    expect(found.get(key(1))).toEqual(vector(1));
    expect(Buffer.from(found.get(key(2))!.buffer)).toEqual(Buffer.from(vector(2).buffer));
    const row = await database.prisma.embeddingCacheEntry.findUniqueOrThrow({ where: { key: key(1) } });
    expect(row).toMatchObject({ backbone: "mobilenet_v2@1", dims: 1280 });
  });

  it("is shared: a second store (another trainer) sees the first one's vectors; puts never duplicate", async () => {
    const first = newStore();
    const second = newStore();
    await first.putMany([[key(10), vector(10)]]);
    await Promise.all([
      second.putMany([
        [key(10), vector(10)],
        [key(11), vector(11)],
      ]),
      first.putMany([[key(11), vector(11)]]),
    ]);
    expect((await second.getMany([key(10), key(11)])).size).toBe(2);
    expect(await database.prisma.embeddingCacheEntry.count({ where: { key: { in: [key(10), key(11)] } } })).toBe(2);
  });

  it("handles batches larger than one statement", async () => {
    const store = newStore();
    const entries = Array.from({ length: 1100 }, (_, i) => [key(1000 + i), vector(i, 16)] as const);
    await store.putMany(entries);
    const found = await store.getMany(entries.map(([k]) => k));
    expect(found.size).toBe(1100);
    expect(found.get(key(1999))).toEqual(vector(999, 16));
  });

  it("treats an unreadable row as absent and lets it be rewritten", async () => {
    const store = newStore();
    await database.prisma.embeddingCacheEntry.create({
      data: { key: key(50), backbone: "mobilenet_v2@1", dims: 1280, vector: new Uint8Array(7) },
    });
    expect((await store.getMany([key(50)])).size).toBe(0);
    await store.putMany([[key(50), vector(50)]]);
    expect((await store.getMany([key(50)])).get(key(50))).toEqual(vector(50));
  });

  it("clears one backbone's entries", async () => {
    const store = newStore();
    await store.putMany([[key(70, "scratch@1"), vector(70, 8)]]);
    expect(await store.clearBackbone("scratch@1")).toBe(1);
    expect((await store.getMany([key(70, "scratch@1"), key(1)])).size).toBe(1);
  });
});
