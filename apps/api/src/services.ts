// Account, team and token services without the GraphQL server, for the CLI:
// the same rules as the mutations, none of the HTTP machinery.
export { createUser, normalizeEmail, type NewUser } from "./auth/users.ts";
export { createTeam, addTeamMember, type NewTeam } from "./auth/teams.ts";
export { createApiToken, revokeApiToken, type IssuedApiToken } from "./auth/api-tokens.ts";
export { DEFAULT_SCRYPT_COST, MIN_SCRYPT_COST, passwordProblem } from "./auth/password.ts";
