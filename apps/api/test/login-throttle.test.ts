// logIn is throttled per account and per client address: after a few free
// failures further attempts wait out a doubling lock, answered with
// RATE_LIMITED, extensions.retryAfterSeconds and a Retry-After header; the
// right password is refused too until the lock ends; a success resets the
// account. The policy here is the default one with a short base lock, so the
// test can wait a lock out.

import { DEFAULT_LOGIN_THROTTLE } from "@headstart/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "./helpers/accounts.ts";
import { errorCode, postGraphQL } from "./helpers/http-client.ts";
import { startTestApi, type TestApi } from "./helpers/test-api.ts";

const BASE_LOCK_MS = 1000;
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ loginThrottle: { ...DEFAULT_LOGIN_THROTTLE, baseLockMs: BASE_LOCK_MS } });
});
afterAll(async () => {
  await api?.close();
});

const LOG_IN = `mutation ($input: LogInInput!) { logIn(input: $input) { user { id } sessionToken } }`;

function logIn(email: string, password: string, forwardedFor?: string) {
  return postGraphQL(api.url, LOG_IN, {
    variables: { input: { email, password, session: "BEARER" } },
    // The test client connects over loopback, a trusted proxy: X-Forwarded-For names the client.
    headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {},
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("logIn throttling", () => {
  it("stops 31 wrong passwords in a row, refuses the right one during the lock, and resets on success", async () => {
    const account = await signUp(api, "throttled");
    const outcomes: string[] = [];
    let firstLimited: Awaited<ReturnType<typeof logIn>> | null = null;
    for (let i = 0; i < 31; i++) {
      const response = await logIn(account.email, "wrong password 123", "203.0.113.7");
      const code = errorCode(response) ?? "OK";
      outcomes.push(code);
      if (code === "RATE_LIMITED") firstLimited ??= response;
    }
    // The free failures are plain wrong passwords; everything after is refused without a check.
    const free = DEFAULT_LOGIN_THROTTLE.accountFreeFailures;
    expect(outcomes.slice(0, free)).toEqual(Array(free).fill("UNAUTHENTICATED"));
    expect(outcomes.slice(free)).toEqual(Array(31 - free).fill("RATE_LIMITED"));
    const error = firstLimited!.body.errors![0];
    expect(error.message).toMatch(/Too many failed logins for this account; try again in \d+ s/);
    expect(error.extensions?.retryAfterSeconds).toBe(1);
    expect(firstLimited!.headers.get("retry-after")).toBe("1");

    // The right password during the lock is refused too.
    const during = await logIn(account.email, account.password, "203.0.113.7");
    expect(errorCode(during)).toBe("RATE_LIMITED");

    // Once the lock ends the right password works, and the account starts afresh.
    await sleep(BASE_LOCK_MS + 100);
    const after = await logIn(account.email, account.password, "203.0.113.7");
    expect(errorCode(after)).toBeNull();
    expect(after.body.data?.logIn.user.id).toBe(account.userId);
    for (let i = 0; i < free; i++) {
      expect(errorCode(await logIn(account.email, "wrong password 123", "203.0.113.8"))).toBe("UNAUTHENTICATED");
    }
  });

  it("doubles the lock with each failure after it", async () => {
    const account = await signUp(api, "doubling");
    const free = DEFAULT_LOGIN_THROTTLE.accountFreeFailures;
    for (let i = 0; i < free; i++) await logIn(account.email, "wrong password 123", "198.51.100.1");
    await sleep(BASE_LOCK_MS + 100);
    expect(errorCode(await logIn(account.email, "wrong password 123", "198.51.100.1"))).toBe("UNAUTHENTICATED");
    // That failure set a lock of 2 × base: still locked after 1 × base.
    await sleep(BASE_LOCK_MS + 100);
    expect(errorCode(await logIn(account.email, account.password, "198.51.100.1"))).toBe("RATE_LIMITED");
    await sleep(BASE_LOCK_MS);
    expect(errorCode(await logIn(account.email, account.password, "198.51.100.1"))).toBeNull();
  });

  it("counts parallel guesses one by one, so a burst cannot slip past the lock", async () => {
    const account = await signUp(api, "burst");
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => logIn(account.email, "wrong password 123", "192.0.2.50")),
    );
    const codes = responses.map(errorCode);
    expect(codes.filter((code) => code === "UNAUTHENTICATED")).toHaveLength(DEFAULT_LOGIN_THROTTLE.accountFreeFailures);
    expect(codes.filter((code) => code === "RATE_LIMITED")).toHaveLength(
      20 - DEFAULT_LOGIN_THROTTLE.accountFreeFailures,
    );
  });

  it("throttles one client address across accounts, unknown emails included, but not other addresses", async () => {
    const victim = await signUp(api, "address-victim");
    const limit = DEFAULT_LOGIN_THROTTLE.addressFreeFailures;
    const codes: (string | null)[] = [];
    // A different (mostly unknown) email each time: only the address ties the attempts together.
    for (let i = 0; i < limit + 2; i++) {
      codes.push(errorCode(await logIn(`nobody-${i}-${Date.now()}@example.test`, "wrong password 123", "192.0.2.99")));
    }
    expect(codes.slice(0, limit).every((code) => code === "UNAUTHENTICATED")).toBe(true);
    expect(codes.slice(limit)).toEqual(["RATE_LIMITED", "RATE_LIMITED"]);
    const fromThere = await logIn(victim.email, victim.password, "192.0.2.99");
    expect(errorCode(fromThere)).toBe("RATE_LIMITED");
    expect(fromThere.body.errors?.[0].message).toMatch(/from this address/);
    expect(errorCode(await logIn(victim.email, victim.password, "192.0.2.100"))).toBeNull();
  });

  it("does not count successful logins against the address", async () => {
    const account = await signUp(api, "regular");
    for (let i = 0; i < DEFAULT_LOGIN_THROTTLE.addressFreeFailures + 3; i++) {
      expect(errorCode(await logIn(account.email, account.password, "192.0.2.200"))).toBeNull();
    }
  });
});
