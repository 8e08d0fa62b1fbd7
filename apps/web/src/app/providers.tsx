"use client";
// Client-wide state: the urql client (replaced on sign-in and sign-out, so one
// person's cached data and socket never serve the next) and the current team.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { Provider } from "urql";
import { createHeadstartClient, type HeadstartClient } from "@/lib/graphql-client.ts";

interface ClientControl {
  /** Drop the cache and reopen the socket under the new cookie. */
  resetClient(): void;
}

const ClientControlContext = createContext<ClientControl | null>(null);

export function useClientControl(): ClientControl {
  const control = useContext(ClientControlContext);
  if (!control) throw new Error("useClientControl must be used inside <Providers>.");
  return control;
}

export function Providers({ children }: { children: ReactNode }) {
  const [client, setClient] = useState<HeadstartClient | null>(null);

  useEffect(() => {
    // Created in an effect: the WebSocket URL comes from window.location.
    const created = createHeadstartClient();
    setClient(created);
    return () => created.dispose();
  }, []);

  const resetClient = useCallback(() => {
    setClient((old) => {
      old?.dispose();
      return createHeadstartClient();
    });
  }, []);
  const control = useMemo(() => ({ resetClient }), [resetClient]);

  if (!client) {
    return (
      <div className="auth-wrap" role="status">
        <span className="muted">Loading Headstart…</span>
      </div>
    );
  }
  return (
    <ClientControlContext.Provider value={control}>
      <Provider value={client.urql}>{children}</Provider>
    </ClientControlContext.Provider>
  );
}
