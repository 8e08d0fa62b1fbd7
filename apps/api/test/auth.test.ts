import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, uniqueEmail } from "./helpers/accounts.ts";
import { errorCode, postGraphQL } from "./helpers/http-client.ts";
import { startTestApi, type TestApi } from "./helpers/test-api.ts";
import { connectWs } from "./helpers/ws-client.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { user { id email } sessionToken expiresAt } }`;
const LOG_IN = `mutation ($input: LogInInput!) { logIn(input: $input) { user { email } sessionToken } }`;
const VIEWER = `{ viewer { id email } }`;

function cookieFrom(headers: Headers): string {
  const setCookie = headers.get("set-cookie");
  expect(setCookie).toBeTruthy();
  return setCookie!.split(";")[0];
}

describe("sign up and log in", () => {
  it("signs up with a cookie session: HTTP-only, SameSite, token not in the body", async () => {
    const email = uniqueEmail("cookie");
    const response = await api.http.request(SIGN_UP, { input: { email, password: "long enough password" } });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.signUp.sessionToken).toBeNull();
    const setCookie = response.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^headstart_session=hs_sess_[\w-]+;/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");
    const viewer = await postGraphQL(api.url, VIEWER, { credential: { cookie: cookieFrom(response.headers) } });
    expect(viewer.body.data?.viewer.email).toBe(email);
  });

  it("logs in with a bearer session and normalizes the email", async () => {
    const account = await signUp(api, "bearer");
    const response = await api.http.request(LOG_IN, {
      input: { email: `  ${account.email.toUpperCase()} `, password: account.password, session: "BEARER" },
    });
    expect(response.headers.get("set-cookie")).toBeNull();
    const token = response.body.data?.logIn.sessionToken as string;
    expect(token).toMatch(/^hs_sess_/);
    expect((await api.http.as({ token }).data(VIEWER)).viewer.id).toBe(account.userId);
  });

  it("stores only a scrypt hash of the password and a SHA-256 of the session token", async () => {
    const account = await signUp(api, "hashes");
    const user = await api.db.prisma.user.findUniqueOrThrow({ where: { id: account.userId } });
    expect(user.passwordHash).toMatch(/^scrypt\$\d+\$8\$1\$/);
    expect(user.passwordHash).not.toContain(account.password);
    const sessions = await api.db.prisma.session.findMany({ where: { userId: account.userId } });
    expect(sessions.map((session) => session.tokenHash)).not.toContain(account.token);
    expect(sessions[0].tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("gives the same answer for a wrong password and an unknown email", async () => {
    const account = await signUp(api, "wrongpw");
    const wrong = await api.http.request(LOG_IN, { input: { email: account.email, password: "not the password" } });
    const unknown = await api.http.request(LOG_IN, {
      input: { email: uniqueEmail("nobody"), password: "whatever password" },
    });
    expect(errorCode(wrong)).toBe("UNAUTHENTICATED");
    expect(errorCode(unknown)).toBe("UNAUTHENTICATED");
    expect(wrong.body.errors?.[0].message).toBe(unknown.body.errors?.[0].message);
  });

  it("rejects a duplicate email, a short password and a malformed email with actionable errors", async () => {
    const account = await signUp(api, "dup");
    const duplicate = await api.http.request(SIGN_UP, {
      input: { email: account.email.toUpperCase(), password: "another long password" },
    });
    expect(errorCode(duplicate)).toBe("CONFLICT");
    expect(duplicate.body.errors?.[0].message).toMatch(/already exists; log in/);
    const short = await api.http.request(SIGN_UP, { input: { email: uniqueEmail("short"), password: "short" } });
    expect(errorCode(short)).toBe("BAD_USER_INPUT");
    expect(short.body.errors?.[0].extensions?.field).toBe("password");
    const malformed = await api.http.request(SIGN_UP, {
      input: { email: "not-an-email", password: "long enough password" },
    });
    expect(errorCode(malformed)).toBe("BAD_USER_INPUT");
    expect(malformed.body.errors?.[0].extensions?.field).toBe("email");
  });

  it("answers viewer: null for anonymous callers and UNAUTHENTICATED with a reason for a bad bearer", async () => {
    expect((await api.http.data(VIEWER)).viewer).toBeNull();
    const bogus = await api.http.as({ token: "hs_sess_forged" }).request(`{ teams { edges { node { id } } } }`);
    expect(errorCode(bogus)).toBe("UNAUTHENTICATED");
    expect(bogus.body.errors?.[0].message).toMatch(/log in again/);
    const malformedHeader = await postGraphQL(api.url, `{ teams { edges { cursor } } }`, {
      headers: { authorization: "Token abc" },
    });
    expect(malformedHeader.body.errors?.[0].message).toMatch(/Bearer <token>/);
  });

  it("logs out: the session stops working and the cookie is cleared", async () => {
    const email = uniqueEmail("logout");
    const signup = await api.http.request(SIGN_UP, { input: { email, password: "long enough password" } });
    const cookie = cookieFrom(signup.headers);
    const logout = await postGraphQL(api.url, `mutation { logOut }`, { credential: { cookie } });
    expect(logout.body.data?.logOut).toBe(true);
    expect(logout.headers.get("set-cookie")).toMatch(/^headstart_session=;.*Expires=Thu, 01 Jan 1970/);
    const after = await postGraphQL(api.url, VIEWER, { credential: { cookie } });
    expect(after.body.data?.viewer).toBeNull();
  });

  it("ignores the session cookie on requests from a foreign Origin", async () => {
    const email = uniqueEmail("origin");
    const signup = await api.http.request(SIGN_UP, { input: { email, password: "long enough password" } });
    const cookie = cookieFrom(signup.headers);
    const foreign = await postGraphQL(api.url, VIEWER, {
      credential: { cookie },
      headers: { origin: "https://evil.example" },
    });
    expect(foreign.body.data?.viewer).toBeNull();
    const webApp = await postGraphQL(api.url, VIEWER, {
      credential: { cookie },
      headers: { origin: "http://localhost:3000" },
    });
    expect(webApp.body.data?.viewer.email).toBe(email);
    expect(webApp.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(webApp.headers.get("access-control-allow-credentials")).toBe("true");
  });
});

describe("personal API tokens", () => {
  const CREATE = `mutation ($name: String!) { createApiToken(input: { name: $name }) { token apiToken { id name prefix revokedAt } } }`;

  it("are shown once, stored hashed, listed by prefix, and stop working when revoked", async () => {
    const account = await signUp(api, "tokens");
    const owner = api.http.as(account.credential);
    const created = (await owner.data(CREATE, { name: "laptop import script" })).createApiToken;
    expect(created.token).toMatch(/^hs_pat_/);
    expect(created.token.startsWith(created.apiToken.prefix)).toBe(true);
    const stored = await api.db.prisma.apiToken.findUniqueOrThrow({ where: { id: created.apiToken.id } });
    expect(stored.tokenHash).not.toBe(created.token);

    const withToken = api.http.as({ token: created.token });
    expect((await withToken.data(VIEWER)).viewer.id).toBe(account.userId);
    const listed = await owner.data(`{ apiTokens { edges { node { id prefix lastUsedAt } } } }`);
    expect(listed.apiTokens.edges).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect(listed.apiTokens.edges[0].node.lastUsedAt).not.toBeNull();

    const revoked = await owner.data(`mutation ($id: ID!) { revokeApiToken(id: $id) { revokedAt } }`, {
      id: created.apiToken.id,
    });
    expect(revoked.revokeApiToken.revokedAt).not.toBeNull();
    const after = await withToken.request(`{ teams { edges { cursor } } }`);
    expect(errorCode(after)).toBe("UNAUTHENTICATED");
    expect(after.body.errors?.[0].message).toMatch(/revoked/);
    expect((await owner.data(`{ apiTokens { edges { cursor } } }`)).apiTokens.edges).toHaveLength(0);
    expect((await owner.data(`{ apiTokens(includeRevoked: true) { edges { cursor } } }`)).apiTokens.edges).toHaveLength(
      1,
    );
  });

  it("cannot be revoked by someone else (NOT_FOUND) or used to mint more tokens (FORBIDDEN)", async () => {
    const [alice, bob] = await Promise.all([signUp(api, "alice"), signUp(api, "bob")]);
    const created = (await api.http.as(alice.credential).data(CREATE, { name: "ci" })).createApiToken;
    const stolen = await api.http
      .as(bob.credential)
      .request(`mutation ($id: ID!) { revokeApiToken(id: $id) { id } }`, { id: created.apiToken.id });
    expect(errorCode(stolen)).toBe("NOT_FOUND");
    const garbage = await api.http.as(bob.credential).request(`mutation { revokeApiToken(id: "no-such-id") { id } }`);
    expect(errorCode(garbage)).toBe("NOT_FOUND");
    const minted = await api.http.as({ token: created.token }).request(CREATE, { name: "child" });
    expect(errorCode(minted)).toBe("FORBIDDEN");
  });
});

describe("graphql-ws authentication", () => {
  it("authenticates with connectionParams and closes the socket when its token is revoked", async () => {
    const account = await signUp(api, "ws");
    const created = (
      await api.http
        .as(account.credential)
        .data(`mutation { createApiToken(input: { name: "ws" }) { token apiToken { id } } }`)
    ).createApiToken;
    const ws = connectWs(api.wsUrl, { token: created.token });
    try {
      const first = await ws.execute<{ viewer: { id: string } }>(VIEWER);
      expect(first.data?.viewer.id).toBe(account.userId);
      await api.http
        .as(account.credential)
        .data(`mutation ($id: ID!) { revokeApiToken(id: $id) { id } }`, { id: created.apiToken.id });
      // The revocation reaches the socket itself: closed with 4403, not merely refused at the next operation.
      const closed = await ws.closed;
      expect(closed.code).toBe(4403);
      expect(closed.reason).toMatch(/revoked/);
    } finally {
      await ws.dispose();
    }
  });

  it("closes the socket with 4403 and a reason when connectionParams carry a bad token", async () => {
    const ws = connectWs(api.wsUrl, { token: "hs_pat_forged" });
    const closed = await ws.closed;
    expect(closed.code).toBe(4403);
    expect(closed.reason).toMatch(/revoked or never existed/);
    await ws.dispose();
  });

  it("accepts the session cookie on the upgrade request from the web app's origin only", async () => {
    const email = uniqueEmail("wscookie");
    const signup = await api.http.request(SIGN_UP, { input: { email, password: "long enough password" } });
    const cookie = cookieFrom(signup.headers);
    const fromWebApp = connectWs(api.wsUrl, { cookie, origin: "http://localhost:3000" });
    const fromElsewhere = connectWs(api.wsUrl, { cookie, origin: "https://evil.example" });
    try {
      expect((await fromWebApp.execute<{ viewer: { email: string } }>(VIEWER)).data?.viewer.email).toBe(email);
      expect((await fromElsewhere.execute<{ viewer: unknown }>(VIEWER)).data?.viewer).toBeNull();
    } finally {
      await fromWebApp.dispose();
      await fromElsewhere.dispose();
    }
  });

  it("refuses to set a cookie over a socket but can log in with a bearer session", async () => {
    const account = await signUp(api, "wslogin");
    const ws = connectWs(api.wsUrl);
    try {
      const cookieLogin = await ws.execute(LOG_IN, { input: { email: account.email, password: account.password } });
      expect(cookieLogin.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
      const bearer = await ws.execute<{ logIn: { sessionToken: string } }>(LOG_IN, {
        input: { email: account.email, password: account.password, session: "BEARER" },
      });
      expect(bearer.data?.logIn.sessionToken).toMatch(/^hs_sess_/);
    } finally {
      await ws.dispose();
    }
  });
});
