// Table-driven authorization tests: each operation lists the actors allowed
// to run it; every other actor must get the right error code. Denials are
// UNAUTHENTICATED (anonymous), NOT_FOUND (member of another team: never
// confirm existence) and FORBIDDEN (member whose role is too low).
import { describe, expect, it } from "vitest";
import type { GraphQLClient, GraphQLResponse } from "./http-client.ts";
import { ACTORS, type Actor, type TeamRole, type TeamWorld } from "./team-world.ts";

const RANK: Record<TeamRole, number> = { VIEWER: 1, EDITOR: 2, ADMIN: 3, OWNER: 4 };

/** The team members whose role is at least `minimum`. */
export function rolesFrom(minimum: TeamRole): Actor[] {
  return (["VIEWER", "EDITOR", "ADMIN", "OWNER"] as const).filter((role) => RANK[role] >= RANK[minimum]);
}

/** Every signed-in actor (for operations not tied to the team). */
export const SIGNED_IN: Actor[] = ["otherTeam", "VIEWER", "EDITOR", "ADMIN", "OWNER"];

export interface MatrixOperation<State = unknown> {
  name: string;
  allowed: readonly Actor[];
  /**
   * Runs before each actor's attempt (as whoever it likes, usually the OWNER)
   * so every attempt gets fresh objects and one actor's success cannot change
   * what the next one sees.
   */
  setup?: (world: TeamWorld) => Promise<State>;
  run: (client: GraphQLClient, state: State, world: TeamWorld) => Promise<GraphQLResponse>;
  /** Overrides the expected code for particular denied actors. */
  deniedCodes?: Partial<Record<Actor, string>>;
  /** Extra checks on an allowed attempt's response. */
  verifyAllowed?: (response: GraphQLResponse, state: State, actor: Actor) => void | Promise<void>;
}

export function defaultDeniedCode(actor: Actor): string {
  if (actor === "anonymous") return "UNAUTHENTICATED";
  if (actor === "otherTeam") return "NOT_FOUND";
  return "FORBIDDEN";
}

/** Registers one vitest test per operation × actor. `world()` is read when the tests run. */
export function describeAuthorizationMatrix(
  title: string,
  world: () => TeamWorld,
  operations: MatrixOperation<any>[],
): void {
  describe(title, () => {
    for (const operation of operations) {
      describe(operation.name, () => {
        for (const actor of ACTORS) {
          const allowed = operation.allowed.includes(actor);
          it(`${allowed ? "allows" : "denies"} ${actor}`, async () => {
            const current = world();
            const state = operation.setup ? await operation.setup(current) : undefined;
            const response = await operation.run(current.client(actor), state, current);
            if (allowed) {
              expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
              expect(response.body.data).toBeTruthy();
              await operation.verifyAllowed?.(response, state, actor);
            } else {
              const expected = operation.deniedCodes?.[actor] ?? defaultDeniedCode(actor);
              expect(response.body.errors?.map((error) => error.extensions?.code)).toContain(expected);
              // A denial reveals nothing: no partial data for the denied field.
              const data = response.body.data as Record<string, unknown> | null | undefined;
              for (const value of Object.values(data ?? {})) expect(value).toBeNull();
            }
          });
        }
      });
    }
  });
}
