import { getIntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIMITS } from "../src/server/limits.ts";
import { signUp, type TestAccount } from "./helpers/accounts.ts";
import { postGraphQL } from "./helpers/http-client.ts";
import { startTestApi, type TestApi } from "./helpers/test-api.ts";
import { connectWs } from "./helpers/ws-client.ts";

let api: TestApi;
let account: TestAccount;
beforeAll(async () => {
  api = await startTestApi();
  account = await signUp(api, "limits");
});
afterAll(async () => {
  await api?.close();
});

const MODERN = { accept: "application/graphql-response+json" };

describe("request limits", () => {
  it("rejects a query nested deeper than the limit (introspection included) with 400 before running it", async () => {
    let deep = "name";
    for (let i = 0; i < LIMITS.maxDepth; i += 1) deep = `ofType { ${deep} }`;
    const response = await postGraphQL(api.url, `{ __schema { types { ${deep} } } }`, { headers: MODERN });
    expect(response.status).toBe(400);
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors?.[0].extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      reason: "QUERY_TOO_DEEP",
      limit: { kind: "depth", max: LIMITS.maxDepth },
    });
    expect(response.body.errors?.[0].message).toMatch(/nest fewer selections/);
    // Fragments count where they are spread.
    const viaFragment = await postGraphQL(
      api.url,
      `query { __schema { types { ...T } } } fragment T on __Type { ${deep} }`,
      { headers: MODERN },
    );
    expect(viaFragment.body.errors?.[0].extensions?.reason).toBe("QUERY_TOO_DEEP");
  });

  it("still admits the full introspection query codegen and GraphiQL send", async () => {
    const query = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      inputValueDeprecation: true,
    });
    const response = await postGraphQL(api.url, query, { headers: MODERN });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
  });

  it("rejects a query whose complexity (page size x nesting) is over the limit", async () => {
    const query = `{ teams(first: 100) { edges { node { members(first: 100) { edges { node { user { id email name } } } } } } } }`;
    const response = await postGraphQL(api.url, query, { credential: account.credential, headers: MODERN });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "QUERY_TOO_COMPLEX" });
    const small = await postGraphQL(api.url, query.replaceAll("100", "5"), {
      credential: account.credential,
      headers: MODERN,
    });
    expect(small.status).toBe(200);
    expect(small.body.errors).toBeUndefined();
  });

  it("checks complexity per variable values: a remembered pass never admits a bigger page", async () => {
    const query = `query ($size: Int) { teams(first: $size) { edges { node { members(first: $size) { edges { node { user { id } } } } } } } }`;
    const ask = (size: number) =>
      postGraphQL(api.url, query, { variables: { size }, credential: account.credential, headers: MODERN });
    // The same document passes twice (the second from the remembered pass), then fails with bigger pages, then passes again.
    for (const [size, status] of [
      [5, 200],
      [5, 200],
      [100, 400],
      [5, 200],
      [100, 400],
    ] as const) {
      const response = await ask(size);
      expect(response.status, `first: ${size}`).toBe(status);
      if (status === 400) expect(response.body.errors?.[0].extensions?.reason).toBe("QUERY_TOO_COMPLEX");
      else expect(response.body.errors).toBeUndefined();
    }
  });

  it("rejects too many aliased fields (breadth)", async () => {
    const aliases = Array.from({ length: LIMITS.maxBreadth + 1 }, (_, i) => `a${i}: health { ok }`).join(" ");
    const response = await postGraphQL(api.url, `{ ${aliases} }`, { headers: MODERN });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0].extensions?.reason).toBe("QUERY_TOO_BROAD");
  });

  it("stops parsing a huge query at the token limit", async () => {
    const huge = `{ ${"health { ok } ".repeat(LIMITS.maxTokens)} }`;
    const response = await postGraphQL(api.url, huge, { headers: MODERN });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0].extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      reason: "GRAPHQL_PARSE_FAILED",
    });
    expect(response.body.errors?.[0].message).toMatch(/5000 tokens/);
  });

  it("answers 413 with a GraphQL-shaped error for a body over the size limit", async () => {
    const response = await postGraphQL(api.url, `query ($blob: String) { health { ok } }`, {
      variables: { blob: "x".repeat(LIMITS.maxBodyBytes + 10) },
    });
    expect(response.status).toBe(413);
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "PAYLOAD_TOO_LARGE" });
  });

  it("answers malformed JSON, a missing query and a syntax error with clean 400s", async () => {
    const malformed = await fetch(api.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{ not json",
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe(
      "BAD_USER_INPUT",
    );
    const missing = await postGraphQL(api.url, undefined as unknown as string, { headers: MODERN });
    expect(missing.status).toBe(400);
    const syntax = await postGraphQL(api.url, `{ health { ok `, { headers: MODERN });
    expect(syntax.status).toBe(400);
    expect(syntax.body.errors?.[0].extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      reason: "GRAPHQL_PARSE_FAILED",
    });
    const unknownField = await postGraphQL(api.url, `{ nope }`, { headers: MODERN });
    expect(unknownField.body.errors?.[0].extensions?.reason).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("answers a JSON body that is not an object, and a non-UTF-8 one, as Express's parser does", async () => {
    // POST /graphql with plain JSON is served without Express (server/graphql-post.ts); other bodies still go through it.
    for (const [body, contentType, status] of [
      ["3", "application/json", 400],
      ['"query"', "application/json; charset=utf-8", 400],
      ["{}", "application/json; charset=latin1", 415],
    ] as const) {
      const response = await fetch(api.url, { method: "POST", headers: { "content-type": contentType }, body });
      expect(response.status, `${contentType} ${body}`).toBe(status);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      const json = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect(json.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    }
  });

  it("marks every GraphQL answer as not to be stored, on either path", async () => {
    for (const contentType of ["application/json", "application/json; charset=UTF-8"]) {
      const response = await fetch(api.url, {
        method: "POST",
        headers: { "content-type": contentType },
        body: JSON.stringify({ query: "{ health { ok } }" }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
    const viaGet = await fetch(`${api.url}?query=${encodeURIComponent("{ health { ok } }")}`, {
      headers: { "apollo-require-preflight": "true" },
    });
    expect(viaGet.status).toBe(200);
    expect(viaGet.headers.get("cache-control")).toBe("no-store");
  });

  it("applies the same limits over graphql-ws", async () => {
    const ws = connectWs(api.wsUrl, { token: account.token });
    try {
      const aliases = Array.from({ length: LIMITS.maxBreadth + 1 }, (_, i) => `a${i}: health { ok }`).join(" ");
      const broad = await ws.execute(`{ ${aliases} }`);
      expect(broad.errors?.[0].extensions?.reason).toBe("QUERY_TOO_BROAD");
      const broken = await ws.execute(`{ health { `);
      expect(broken.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "GRAPHQL_PARSE_FAILED" });
      // The socket survives bad operations.
      expect((await ws.execute(`{ health { ok } }`)).data).toEqual({ health: { ok: true } });
    } finally {
      await ws.dispose();
    }
  });
});

describe("internal errors", () => {
  it("are masked with a reference and logged, never leaking SQL or stack traces", async () => {
    // Make the users table unreadable for this database: a real fault, not a mock.
    await api.db.prisma.$executeRawUnsafe(`ALTER TABLE "User" RENAME TO "UserGone"`);
    try {
      const response = await postGraphQL(api.url, `{ viewer { id } }`, { credential: account.credential });
      const error = response.body.errors?.[0];
      expect(error?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");
      expect(error?.message).toMatch(/give the operator this reference: [0-9a-f-]{36}/);
      expect(JSON.stringify(response.body)).not.toMatch(/UserGone|relation|prisma|stack/i);
      expect(api.loggedErrors.some((entry) => entry.message.includes(String(error?.extensions?.reference)))).toBe(true);
    } finally {
      await api.db.prisma.$executeRawUnsafe(`ALTER TABLE "UserGone" RENAME TO "User"`);
    }
  });
});
