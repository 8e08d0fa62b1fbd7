// A small GraphQL-over-HTTP client for tests: real fetch against the real
// server, returning status, headers and the parsed body.
export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; reason?: string; [key: string]: unknown };
}

export interface GraphQLBody<T = Record<string, unknown>> {
  data?: T | null;
  errors?: GraphQLErrorBody[];
}

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  headers: Headers;
  body: GraphQLBody<T>;
}

/** How a caller proves who they are; null is anonymous. */
export type Credential = { token: string } | { cookie: string } | null;

export interface RequestOptions {
  variables?: Record<string, unknown>;
  credential?: Credential;
  headers?: Record<string, string>;
}

export async function postGraphQL<T = Record<string, any>>(
  url: string,
  query: string,
  options: RequestOptions = {},
): Promise<GraphQLResponse<T>> {
  const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
  const credential = options.credential ?? null;
  if (credential && "token" in credential) headers.authorization = `Bearer ${credential.token}`;
  if (credential && "cookie" in credential) headers.cookie = credential.cookie;
  const response = await fetch(url, {
    method: "POST",
    headers,
    body: JSON.stringify({ query, variables: options.variables }),
  });
  const text = await response.text();
  let body: GraphQLBody<T>;
  try {
    body = JSON.parse(text) as GraphQLBody<T>;
  } catch {
    throw new Error(`Expected a JSON body from ${url}, got HTTP ${response.status}: ${text.slice(0, 300)}`);
  }
  return { status: response.status, headers: response.headers, body };
}

/** A client bound to one server and credential. */
export class GraphQLClient {
  constructor(
    readonly url: string,
    readonly credential: Credential = null,
  ) {}

  request<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
    return postGraphQL<T>(this.url, query, { variables, credential: this.credential });
  }

  /** Runs the operation and returns `data`, failing the test with the errors if there are any. */
  async data<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const response = await this.request<T>(query, variables);
    if (response.body.errors?.length || !response.body.data) {
      throw new Error(`Expected success (HTTP ${response.status}), got ${JSON.stringify(response.body.errors)}`);
    }
    return response.body.data;
  }

  as(credential: Credential): GraphQLClient {
    return new GraphQLClient(this.url, credential);
  }
}

/** The `extensions.code` of the first error, or null for a success. */
export function errorCode(response: GraphQLResponse): string | null {
  return response.body.errors?.[0]?.extensions?.code ?? null;
}
