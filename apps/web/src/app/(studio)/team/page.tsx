"use client";
// Members of the current team. Everyone sees who is in it; OWNERs and ADMINs
// add people, change roles and remove them.
import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { CreateTeamForm } from "@/components/CreateTeamForm.tsx";
import { Empty, ErrorState, errorMessage, Loading } from "@/components/States.tsx";
import type { Role } from "@/gql/graphql.ts";
import { graphql } from "@/gql/index.ts";
import { hasRole, useStudio } from "@/lib/team-context.tsx";

const TeamMembersQuery = graphql(`
  query TeamMembers($teamId: ID!) {
    team(id: $teamId) {
      id
      name
      viewerRole
      members(first: 100) {
        edges {
          node {
            id
            role
            createdAt
            user {
              id
              email
              name
            }
          }
        }
      }
    }
  }
`);

const AddMemberMutation = graphql(`
  mutation AddTeamMember($input: AddTeamMemberInput!) {
    addTeamMember(input: $input) {
      id
      role
    }
  }
`);

const ChangeRoleMutation = graphql(`
  mutation ChangeTeamMemberRole($input: ChangeTeamMemberRoleInput!) {
    changeTeamMemberRole(input: $input) {
      id
      role
    }
  }
`);

const RemoveMemberMutation = graphql(`
  mutation RemoveTeamMember($input: RemoveTeamMemberInput!) {
    removeTeamMember(input: $input) {
      teamId
      userId
    }
  }
`);

const ROLES: Role[] = ["VIEWER", "EDITOR", "ADMIN", "OWNER"];
const ROLE_HELP: Record<Role, string> = {
  VIEWER: "reads datasets, runs and reviews",
  EDITOR: "changes datasets and starts runs",
  ADMIN: "also manages members",
  OWNER: "everything, including owners",
};

export default function TeamPage() {
  const { team, viewer, setTeamId, refreshTeams } = useStudio();
  const [result, refetch] = useQuery({ query: TeamMembersQuery, variables: { teamId: team.id } });
  const [addState, addMember] = useMutation(AddMemberMutation);
  const [changeState, changeRole] = useMutation(ChangeRoleMutation);
  const [removeState, removeMember] = useMutation(RemoveMemberMutation);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("EDITOR");
  const [showCreate, setShowCreate] = useState(false);
  const canManage = hasRole(team, "ADMIN");
  const reload = () => refetch({ requestPolicy: "network-only" });
  const actionError = addState.error ?? changeState.error ?? removeState.error;

  return (
    <>
      <div className="page-head">
        <div>
          <h1>{team.name}</h1>
          <p>
            You are {team.viewerRole.toLowerCase()}: {ROLE_HELP[team.viewerRole]}.
          </p>
        </div>
        <button type="button" onClick={() => setShowCreate((v) => !v)} aria-expanded={showCreate}>
          New team
        </button>
      </div>
      {showCreate ? (
        <div className="card" style={{ marginBottom: "1rem", maxWidth: 520 }}>
          <h2>New team</h2>
          <CreateTeamForm
            suggestedName=""
            onCreated={(created) => {
              setShowCreate(false);
              setTeamId(created.id);
              refreshTeams();
            }}
          />
        </div>
      ) : null}
      <div className="grid-2">
        <section className="card" aria-labelledby="members-heading">
          <h2 id="members-heading">Members</h2>
          {result.error && !result.data ? (
            <ErrorState error={result.error} retry={reload} />
          ) : !result.data ? (
            <Loading />
          ) : result.data.team.members.edges.length === 0 ? (
            <Empty title="No members" />
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Person</th>
                    <th>Role</th>
                    <th aria-label="Actions" />
                  </tr>
                </thead>
                <tbody>
                  {result.data.team.members.edges.map(({ node: m }) => {
                    const self = m.user.id === viewer.id;
                    return (
                      <tr key={m.id}>
                        <td>
                          {m.user.name ? <div>{m.user.name}</div> : null}
                          <div className="small muted">{m.user.email}</div>
                        </td>
                        <td>
                          {canManage ? (
                            <select
                              aria-label={`Role of ${m.user.email}`}
                              value={m.role}
                              disabled={changeState.fetching}
                              onChange={async (e) => {
                                await changeRole({
                                  input: { teamId: team.id, userId: m.user.id, role: e.target.value as Role },
                                });
                                reload();
                                if (self) refreshTeams();
                              }}
                            >
                              {ROLES.map((r) => (
                                <option key={r} value={r}>
                                  {r.toLowerCase()}
                                </option>
                              ))}
                            </select>
                          ) : (
                            m.role.toLowerCase()
                          )}
                        </td>
                        <td>
                          {canManage || self ? (
                            <button
                              type="button"
                              className="small danger"
                              disabled={removeState.fetching}
                              onClick={async () => {
                                const question = self
                                  ? `Leave ${team.name}?`
                                  : `Remove ${m.user.email} from ${team.name}?`;
                                if (!window.confirm(question)) return;
                                const res = await removeMember({ input: { teamId: team.id, userId: m.user.id } });
                                if (!res.error && self) refreshTeams();
                                else reload();
                              }}
                            >
                              {self ? "Leave" : "Remove"}
                            </button>
                          ) : null}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {actionError ? (
            <p className="notice error" role="alert" style={{ marginTop: 12 }}>
              {errorMessage(actionError)}
            </p>
          ) : null}
        </section>
        {canManage ? (
          <section className="card" aria-labelledby="add-heading">
            <h2 id="add-heading">Add a member</h2>
            <p className="small muted">They need an account already; ask them to sign up first.</p>
            <form
              className="stack"
              onSubmit={async (e) => {
                e.preventDefault();
                const res = await addMember({ input: { teamId: team.id, email: email.trim(), role } });
                if (!res.error) {
                  setEmail("");
                  reload();
                }
              }}
            >
              <label className="field">
                Email
                <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
              </label>
              <label className="field">
                Role
                <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
                  {ROLES.filter((r) => r !== "OWNER" || team.viewerRole === "OWNER").map((r) => (
                    <option key={r} value={r}>
                      {r.toLowerCase()}: {ROLE_HELP[r]}
                    </option>
                  ))}
                </select>
              </label>
              <div>
                <button type="submit" className="primary" disabled={addState.fetching || email.trim() === ""}>
                  Add member
                </button>
              </div>
            </form>
          </section>
        ) : null}
      </div>
    </>
  );
}
