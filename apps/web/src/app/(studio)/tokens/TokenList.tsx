"use client";
// The caller's tokens: name, prefix, when made and last used, and revoking
// (asked twice, since a script using the token stops working at once).
import { useState } from "react";
import { useMutation } from "urql";
import { errorMessage } from "@/components/States.tsx";
import { type FragmentType, getFragmentData, graphql } from "@/gql/index.ts";

const ApiTokenRowFields = graphql(`
  fragment ApiTokenRowFields on ApiToken {
    id
    name
    prefix
    createdAt
    lastUsedAt
    revokedAt
  }
`);

const RevokeApiTokenMutation = graphql(`
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id) {
      id
      revokedAt
    }
  }
`);

const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : "never");

function TokenRow({
  token: tokenRef,
  onRevoked,
}: {
  token: FragmentType<typeof ApiTokenRowFields>;
  onRevoked(): void;
}) {
  const token = getFragmentData(ApiTokenRowFields, tokenRef);
  const [asking, setAsking] = useState(false);
  const [state, revoke] = useMutation(RevokeApiTokenMutation);
  return (
    <tr data-testid="token-row" data-revoked={token.revokedAt ? "true" : "false"}>
      <td>{token.name}</td>
      <td>
        <code>{token.prefix}…</code>
      </td>
      <td>{when(token.createdAt)}</td>
      <td>{when(token.lastUsedAt)}</td>
      <td>
        {token.revokedAt ? (
          <span className="muted">revoked {when(token.revokedAt)}</span>
        ) : asking ? (
          <span className="row" style={{ gap: 4 }}>
            <button
              type="button"
              className="danger small"
              disabled={state.fetching}
              onClick={async () => {
                const res = await revoke({ id: token.id });
                if (res.data) {
                  setAsking(false);
                  onRevoked();
                }
              }}
            >
              Revoke “{token.name}”
            </button>
            <button type="button" className="small" onClick={() => setAsking(false)}>
              Keep
            </button>
          </span>
        ) : (
          <button type="button" className="small" onClick={() => setAsking(true)}>
            Revoke…
          </button>
        )}
        {state.error ? (
          <span className="small" style={{ color: "var(--danger)" }} role="alert">
            {" "}
            {errorMessage(state.error)}
          </span>
        ) : null}
      </td>
    </tr>
  );
}

export function TokenList({
  tokens,
  onRevoked,
}: {
  tokens: readonly { id: string; token: FragmentType<typeof ApiTokenRowFields> }[];
  onRevoked(): void;
}) {
  return (
    <div className="table-wrap">
      <table data-testid="token-list">
        <thead>
          <tr>
            <th>Name</th>
            <th>Starts with</th>
            <th>Created</th>
            <th>Last used</th>
            <th>
              <span className="sr-only">Status and actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map(({ id, token }) => (
            <TokenRow key={id} token={token} onRevoked={onRevoked} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
