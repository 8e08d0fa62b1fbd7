"use client";
// Personal API tokens, for scripts and the GraphQL API
// (`Authorization: Bearer <token>`): create one (its secret is shown once),
// see which exist and when each was last used, revoke one.
import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { Field } from "@/components/Field.tsx";
import { Empty, ErrorState, errorMessage, Loading } from "@/components/States.tsx";
import { graphql } from "@/gql/index.ts";
import { NewTokenSecret } from "./NewTokenSecret.tsx";
import { TokenList } from "./TokenList.tsx";

const ApiTokensQuery = graphql(`
  query ApiTokens($includeRevoked: Boolean!) {
    apiTokens(first: 100, includeRevoked: $includeRevoked) {
      edges {
        node {
          id
          ...ApiTokenRowFields
        }
      }
    }
  }
`);

const CreateApiTokenMutation = graphql(`
  mutation CreateApiToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      token
      apiToken {
        id
        name
      }
    }
  }
`);

export default function TokensPage() {
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const [result, refetch] = useQuery({ query: ApiTokensQuery, variables: { includeRevoked } });
  const [createState, create] = useMutation(CreateApiTokenMutation);
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | undefined>();
  // Held in memory only until dismissed: the API cannot show it again.
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const reload = () => refetch({ requestPolicy: "network-only" });

  const tokens = result.data?.apiTokens.edges.map((e) => ({ id: e.node.id, token: e.node })) ?? [];

  return (
    <>
      <div className="page-head">
        <div>
          <h1>API tokens</h1>
          <p>
            Personal tokens let scripts and the command line act as you, with your roles in each team. Send one as{" "}
            <code>Authorization: Bearer &lt;token&gt;</code> to <code>/graphql</code>; revoke it when it is no longer
            used.
          </p>
        </div>
      </div>
      <section className="card stack" style={{ marginBottom: "1rem" }} aria-labelledby="new-token-heading">
        <h2 id="new-token-heading">New token</h2>
        <form
          className="row"
          style={{ alignItems: "flex-end" }}
          onSubmit={async (e) => {
            e.preventDefault();
            const trimmed = name.trim();
            if (!trimmed) {
              setNameError("Name the token after where it is used, e.g. “laptop import script”.");
              return;
            }
            setNameError(undefined);
            const res = await create({ input: { name: trimmed } });
            if (res.data) {
              setCreated({ name: res.data.createApiToken.apiToken.name, token: res.data.createApiToken.token });
              setName("");
              reload();
            }
          }}
        >
          <Field label="Name" help="Where the token is used, so you know which one to revoke." error={nameError}>
            {(control) => (
              <input
                {...control}
                type="text"
                value={name}
                maxLength={100}
                onChange={(e) => setName(e.target.value)}
                data-testid="token-name"
              />
            )}
          </Field>
          <button type="submit" className="primary" disabled={createState.fetching}>
            {createState.fetching ? "Creating…" : "Create token"}
          </button>
        </form>
        {createState.error ? (
          <p className="notice error" role="alert">
            {errorMessage(createState.error)}
          </p>
        ) : null}
        {created ? <NewTokenSecret name={created.name} token={created.token} onDone={() => setCreated(null)} /> : null}
      </section>
      <section className="card" aria-labelledby="tokens-heading">
        <div className="row" style={{ marginBottom: 8 }}>
          <h2 id="tokens-heading" style={{ margin: 0 }}>
            Your tokens
          </h2>
          <span className="spacer" />
          <label className="check small">
            <input
              type="checkbox"
              checked={includeRevoked}
              onChange={(e) => setIncludeRevoked(e.target.checked)}
              data-testid="show-revoked"
            />
            Show revoked
          </label>
        </div>
        {result.error && !result.data ? (
          <ErrorState error={result.error} title="Cannot load your tokens" retry={reload} />
        ) : !result.data ? (
          <Loading lines={2} />
        ) : tokens.length === 0 ? (
          <Empty title={includeRevoked ? "No tokens yet" : "No active tokens"}>
            Create one above; the command line can too (<code>npm run cli -- token create</code>).
          </Empty>
        ) : (
          <TokenList tokens={tokens} onRevoked={reload} />
        )}
      </section>
    </>
  );
}
