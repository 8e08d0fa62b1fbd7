import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_VERSION } from "../src/config.ts";
import { startEventLoopMonitor } from "../src/server/event-loop-delay.ts";
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

  it("reports the event-loop delay, which shows a blocked loop", async () => {
    const query = `{ health { eventLoopDelayMs { p50 p99 max windowSeconds } } }`;
    const before = (await api.http.data<{ health: { eventLoopDelayMs: Record<string, number> } }>(query)).health;
    expect(before.eventLoopDelayMs.p99).toBeGreaterThanOrEqual(before.eventLoopDelayMs.p50);
    expect(before.eventLoopDelayMs.windowSeconds).toBeGreaterThan(0);
    // The server runs in this process: a busy loop here delays its timers just like a blocking resolver would.
    blockFor(250);
    const after = (await api.http.data<{ health: { eventLoopDelayMs: Record<string, number> } }>(query)).health;
    expect(after.eventLoopDelayMs.max).toBeGreaterThanOrEqual(200);
  });

  it("logs a window whose p99 passes the threshold", async () => {
    const lines: string[] = [];
    const monitor = startEventLoopMonitor({ warnAboveP99Ms: 50, windowMs: 400, log: (line) => lines.push(line) });
    try {
      for (let i = 0; i < 3; i++) {
        blockFor(120);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(lines.some((line) => /Event-loop delay p99 \d+(\.\d+)? ms .* is above 50 ms/.test(line))).toBe(true);
      expect(monitor.current().max).toBeGreaterThanOrEqual(0);
    } finally {
      monitor.stop();
    }
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

function blockFor(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // Deliberately busy: this is the blocked loop the monitor must see.
  }
}
