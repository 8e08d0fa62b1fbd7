import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_VERSION } from "../src/config.ts";
import { startTestApi, type TestApi } from "./helpers/test-api.ts";
import { connectWs } from "./helpers/ws-client.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

describe("health", () => {
  it("answers over HTTP with a real database round trip", async () => {
    const response = await api.http.request(`{ health { ok db version } }`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { health: { ok: true, db: true, version: API_VERSION } } });
  });

  it("answers over graphql-ws on the same port and path", async () => {
    const ws = connectWs(api.wsUrl);
    try {
      const result = await ws.execute(`{ health { ok db } }`);
      expect(result).toEqual({ data: { health: { ok: true, db: true } } });
    } finally {
      await ws.dispose();
    }
  });

  it("reports db: false, not an error, when the database is unreachable", async () => {
    const { createPrismaClient } = await import("@headstart/db");
    const { startApiServer } = await import("../src/server/index.ts");
    // A port nothing listens on: the probe must degrade, not crash.
    const unreachable = createPrismaClient("postgresql://nobody:nothing@127.0.0.1:9/none");
    const server = await startApiServer({
      prisma: unreachable,
      config: api.config,
      port: 0,
      logger: { info: () => {}, error: () => {} },
    });
    try {
      const down = await fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ health { ok db } }" }),
      });
      expect(await down.json()).toEqual({ data: { health: { ok: false, db: false } } });
    } finally {
      await server.close();
      await unreachable.$disconnect();
    }
  });
});
