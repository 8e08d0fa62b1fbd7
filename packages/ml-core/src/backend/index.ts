export {
  initBackend,
  currentBackend,
  BackendError,
  BACKEND_ENV_VARIABLE,
  type BackendReport,
  type BackendPreference,
  type BackendName,
  type BackendCandidate,
} from './init-backend.ts';
