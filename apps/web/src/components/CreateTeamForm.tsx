"use client";
import { useState } from "react";
import { useMutation } from "urql";
import { CreateTeamMutation } from "@/lib/session-operations.ts";
import { errorMessage } from "./States.tsx";

export function CreateTeamForm({
  suggestedName,
  onCreated,
}: {
  suggestedName: string;
  onCreated(team: { id: string; name: string }): void;
}) {
  const [name, setName] = useState(suggestedName);
  const [result, createTeam] = useMutation(CreateTeamMutation);
  return (
    <form
      className="stack"
      onSubmit={async (e) => {
        e.preventDefault();
        const res = await createTeam({ input: { name: name.trim() } });
        if (res.data) onCreated(res.data.createTeam);
      }}
    >
      <label className="field">
        Team name
        <input type="text" value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />
      </label>
      {result.error ? (
        <p className="notice error" role="alert">
          {errorMessage(result.error)}
        </p>
      ) : null}
      <div>
        <button type="submit" className="primary" disabled={result.fetching || name.trim() === ""}>
          {result.fetching ? "Creating…" : "Create team"}
        </button>
      </div>
    </form>
  );
}
