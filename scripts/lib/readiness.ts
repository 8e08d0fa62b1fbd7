import { sleep } from "./process-info.ts";

const HEALTH_QUERY = JSON.stringify({ query: "{ health { ok db version } }" });

/** true once the API answers `health` with db: true. */
export async function apiHealthy(apiPort: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${apiPort}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: HEALTH_QUERY,
      signal: AbortSignal.timeout(5_000),
    });
    const body = (await response.json()) as { data?: { health?: { ok?: boolean; db?: boolean } } };
    return body.data?.health?.db === true;
  } catch {
    return false;
  }
}

export async function webServing(webPort: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${webPort}/`, { signal: AbortSignal.timeout(60_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Polls until `check` passes or `cancelled()`; resolves with success. */
export async function pollUntil(
  check: () => Promise<boolean>,
  cancelled: () => boolean,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!cancelled() && Date.now() < deadline) {
    if (await check()) return true;
    await sleep(500);
  }
  return false;
}
