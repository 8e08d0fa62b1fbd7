import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationNames, pendingMigrations, Role, Task } from "../src/index.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing/index.ts";

describe("createTestDatabase", () => {
  let first: TestDatabase;
  let second: TestDatabase;

  beforeAll(async () => {
    [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await first?.drop();
    await second?.drop();
  });

  it("hands out a database with every migration applied", async () => {
    expect(await migrationNames()).toContain("20261128000000_init");
    expect(await pendingMigrations(first.url)).toEqual([]);
  });

  it("stores and reads rows through the Prisma client, enums included", async () => {
    const team = await first.prisma.team.create({ data: { name: "Vision", slug: "vision" } });
    const user = await first.prisma.user.create({ data: { email: "ada@example.com", passwordHash: "x" } });
    await first.prisma.membership.create({ data: { teamId: team.id, userId: user.id, role: Role.OWNER } });
    const dataset = await first.prisma.dataset.create({ data: { teamId: team.id, name: "cats", task: Task.BINARY } });

    const found = await first.prisma.team.findUniqueOrThrow({
      where: { slug: "vision" },
      include: { memberships: true, datasets: true },
    });
    expect(found.memberships.map((m) => m.role)).toEqual(["OWNER"]);
    expect(found.datasets.map((d) => d.id)).toEqual([dataset.id]);
  });

  it("keeps suites apart: rows written in one database are absent from another", async () => {
    await first.prisma.team.create({ data: { name: "Only here", slug: "only-here" } });
    expect(await second.prisma.team.count({ where: { slug: "only-here" } })).toBe(0);
    expect(first.url).not.toBe(second.url);
  });

  it("enforces the schema's constraints (sha256 unique within a dataset)", async () => {
    const team = await second.prisma.team.create({ data: { name: "T", slug: "t" } });
    const dataset = await second.prisma.dataset.create({ data: { teamId: team.id, name: "d", task: Task.MULTICLASS } });
    const image = {
      datasetId: dataset.id,
      sha256: "ab".repeat(32),
      width: 8,
      height: 8,
      byteSize: 100,
      mime: "image/png",
      blobKey: "k",
    };
    await second.prisma.image.create({ data: image });
    await expect(second.prisma.image.create({ data: image })).rejects.toMatchObject({ code: "P2002" });
  });

  it("drop() removes the database", async () => {
    const extra = await createTestDatabase();
    await extra.prisma.team.count();
    await extra.drop();
    await expect(pendingMigrations(extra.url)).rejects.toThrow(/does not exist/);
  });
});
