// Settings the server runs with; main.ts fills them from the environment and
// tests pass their own.
import { readFileSync } from "node:fs";
import { DEFAULT_LOGIN_THROTTLE, DEFAULT_SCRYPT_COST, type LoginThrottlePolicy } from "@headstart/domain";

export interface ApiConfig {
  /** Root of blobs and other files (HEADSTART_DATA_DIR). */
  dataDir: string;
  /** scrypt N for new password hashes. */
  scryptCost: number;
  /** Mark the session cookie Secure (serve over HTTPS when true). */
  secureCookies: boolean;
  /**
   * Browser origins allowed to call the API with credentials (CORS) and to
   * open a cookie-authenticated WebSocket. Everything else is refused, which
   * blocks cross-site WebSocket hijacking.
   */
  webOrigins: string[];
  /**
   * Peers whose X-Forwarded-For is believed when working out a client's
   * address (the studio's proxy on this host). Default: loopback.
   */
  trustedProxies: string[];
  /** How failed logIn attempts are spaced out per account and per client address. */
  loginThrottle: LoginThrottlePolicy;
  /** Event-loop delay p99 (ms) above which the API logs a warning; also in `health`. */
  eventLoopDelayWarnMs: number;
  /** Reported by `health { version }`. */
  version: string;
}

export const API_VERSION: string = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

export function defaultConfig(overrides: Partial<ApiConfig> & Pick<ApiConfig, "dataDir">): ApiConfig {
  return {
    scryptCost: DEFAULT_SCRYPT_COST,
    secureCookies: false,
    webOrigins: ["http://localhost:3000", "http://127.0.0.1:3000"],
    trustedProxies: ["127.0.0.1", "::1"],
    loginThrottle: DEFAULT_LOGIN_THROTTLE,
    eventLoopDelayWarnMs: 200,
    version: API_VERSION,
    ...overrides,
  };
}
