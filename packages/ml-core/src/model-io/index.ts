export { ModelFormatError, parseManifest, type ModelManifest } from './manifest.ts';
export { MODEL_FILE, WEIGHTS_FILE, MANIFEST_FILE, type ModelFiles } from './artifacts.ts';
export { directoryHandler, memoryHandler } from './handlers.ts';
export {
  composeFullModel,
  releaseComposedModel,
  exportModel,
  importModel,
  saveModelToDirectory,
  loadModelFromDirectory,
  type LoadedModel,
} from './saved-model.ts';
