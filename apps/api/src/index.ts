// The API package's public surface: the server for the start script and
// tests, and the account/team services the CLI shares with GraphQL.
export { startApiServer, contextForHttpRequest, LIMITS, type ApiServer, type ApiServerOptions, type Logger } from "./server/index.ts";
export { defaultConfig, API_VERSION, type ApiConfig } from "./config.ts";
export { createUser, normalizeEmail } from "./auth/users.ts";
export { createTeam, addTeamMember } from "./auth/teams.ts";
export { createApiToken, revokeApiToken } from "./auth/api-tokens.ts";
export { DEFAULT_SCRYPT_COST } from "./auth/password.ts";
export { printedSchema, schema } from "./schema/index.ts";
