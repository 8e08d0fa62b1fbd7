export {
  BACKEND_ENV_VARIABLE,
  type BackendCandidate,
  BackendError,
  type BackendName,
  type BackendPreference,
  type BackendReport,
  currentBackend,
  initBackend,
} from "./init-backend.ts";
