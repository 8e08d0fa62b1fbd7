// One urql client per signed-in identity. Queries and mutations go over POST
// (Apollo's CSRF guard refuses GET operations that could be triggered cross-
// site), subscriptions over graphql-ws on the same path; both reach the API
// through the web server's same-origin proxy, so the HTTP-only session cookie
// travels with them and page scripts never see it.
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from "@urql/core";
import { createClient as createWsClient, type Client as WsClient } from "graphql-ws";

export interface HeadstartClient {
  urql: Client;
  /** Closes the WebSocket; call when the client is replaced (sign-in, sign-out). */
  dispose(): void;
}

function webSocketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss:" : "ws:"}//${host}/graphql`;
}

export function createHeadstartClient(): HeadstartClient {
  let ws: WsClient | null = null;
  // Opened on the first subscription only: pages without live data never hold a socket.
  const socket = (): WsClient => {
    ws ??= createWsClient({
      url: webSocketUrl(),
      lazy: true,
      keepAlive: 15_000,
      // Keep retrying through API restarts; graphql-ws backs off exponentially.
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
    });
    return ws;
  };

  const urql = new Client({
    url: "/graphql",
    preferGetMethod: false,
    requestPolicy: "cache-and-network",
    fetchOptions: { credentials: "same-origin" },
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? "" };
          return {
            subscribe(sink) {
              const unsubscribe = socket().subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });

  return {
    urql,
    dispose() {
      void ws?.dispose();
      ws = null;
    },
  };
}
