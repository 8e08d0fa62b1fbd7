// The API package's public surface: the server, for the start script and
// tests. The services it serves live in @headstart/domain.

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
