export { MANIFEST_FILE, MODEL_FILE, type ModelFiles, WEIGHTS_FILE } from "./artifacts.ts";
export { directoryHandler, memoryHandler } from "./handlers.ts";
export { ModelFormatError, type ModelManifest, parseManifest } from "./manifest.ts";
export {
  composeFullModel,
  exportModel,
  importModel,
  type LoadedModel,
  loadModelFromDirectory,
  releaseComposedModel,
  saveModelToDirectory,
} from "./saved-model.ts";
