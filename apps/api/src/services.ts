// Account, team and token services without the GraphQL server, for the CLI:
// the same rules as the mutations, none of the HTTP machinery.

export { createApiToken, type IssuedApiToken, revokeApiToken } from "./auth/api-tokens.ts";
export { DEFAULT_SCRYPT_COST, MIN_SCRYPT_COST, passwordProblem } from "./auth/password.ts";
export { addTeamMember, createTeam, type NewTeam } from "./auth/teams.ts";
export { createUser, type NewUser, normalizeEmail } from "./auth/users.ts";
export { createDataset } from "./datasets/datasets.ts";
export { discoverFolderLabels, importFolder } from "./datasets/folder-import.ts";
export { loadIngestTarget } from "./datasets/ingest.ts";
export { uploadLimitsFromEnv } from "./datasets/limits.ts";
export { DEFAULT_RATIOS, type SplitRatios } from "./datasets/split.ts";
export type { TreeImportReport } from "./datasets/tree-import.ts";
export { type ImagePrediction, MAX_PREDICT_IMAGES } from "./runs/predict.ts";
export { createRunPredictor, RunNotFoundForPredictError, type RunPredictor } from "./runs/predictor.ts";
