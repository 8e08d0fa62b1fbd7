// The API package's public surface: the server for the start script and
// tests, and the account/team services the CLI shares with GraphQL.

export { createApiToken, revokeApiToken } from "./auth/api-tokens.ts";
export { DEFAULT_SCRYPT_COST } from "./auth/password.ts";
export { addTeamMember, createTeam } from "./auth/teams.ts";
export { createUser, normalizeEmail } from "./auth/users.ts";
export { API_VERSION, type ApiConfig, defaultConfig } from "./config.ts";
export { printedSchema, schema } from "./schema/index.ts";
export {
  type ApiServer,
  type ApiServerOptions,
  contextForHttpRequest,
  LIMITS,
  type Logger,
  startApiServer,
} from "./server/index.ts";
