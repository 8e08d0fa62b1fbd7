// The API package's public surface: the server for the start script and
// tests, and the account/team services the CLI shares with GraphQL.

export {
  addTeamMember,
  createApiToken,
  createTeam,
  createUser,
  DEFAULT_SCRYPT_COST,
  normalizeEmail,
  revokeApiToken,
} from "@headstart/domain";
export { API_VERSION, type ApiConfig, defaultConfig } from "./config.ts";
export { printedSchema, schema } from "./schema/schema.ts";
export {
  type ApiServer,
  type ApiServerOptions,
  contextForHttpRequest,
  LIMITS,
  type Logger,
  startApiServer,
} from "./server/index.ts";
