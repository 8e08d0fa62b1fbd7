// graphql-ws client for tests, over the `ws` package so it can send the
// cookie and Origin headers a browser would send on the upgrade request.
import { type Client, createClient, type FormattedExecutionResult } from "graphql-ws";
import WebSocket from "ws";

export interface WsOptions {
  /** Sent as connectionParams.authorization ("Bearer …"). */
  token?: string;
  /** Cookie header on the upgrade request, as a browser sends it. */
  cookie?: string;
  origin?: string;
}

export interface WsSession {
  client: Client;
  /** Runs one query or mutation and resolves with its single result. */
  execute<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<FormattedExecutionResult<T, unknown>>;
  /** Resolves with the close code and reason when the server closes the socket. */
  closed: Promise<{ code: number; reason: string }>;
  dispose(): Promise<void>;
}

export function connectWs(wsUrl: string, options: WsOptions = {}): WsSession {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.origin) headers.origin = options.origin;
  class HeaderWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  let onClosed: (value: { code: number; reason: string }) => void = () => {};
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  const client = createClient({
    url: wsUrl,
    webSocketImpl: HeaderWebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: options.token ? { authorization: `Bearer ${options.token}` } : {},
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        onClosed({ code, reason: String(reason) });
      },
    },
    onNonLazyError: () => {
      // Reported through `closed`; tests assert on the close code.
    },
  });
  return {
    client,
    closed,
    execute: <T>(query: string, variables?: Record<string, unknown>) =>
      new Promise<FormattedExecutionResult<T, unknown>>((resolve, reject) => {
        let result: FormattedExecutionResult<T, unknown> | undefined;
        client.subscribe<T>(
          { query, variables },
          {
            next: (value) => (result = value),
            error: (error) => {
              // graphql-ws delivers operation errors as an array of GraphQL errors.
              if (Array.isArray(error)) resolve({ errors: error } as FormattedExecutionResult<T, unknown>);
              else reject(error);
            },
            complete: () => (result ? resolve(result) : reject(new Error("The operation completed without a result."))),
          },
        );
      }),
    dispose: async () => {
      await client.dispose();
    },
  };
}
