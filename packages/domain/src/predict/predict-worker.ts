// A predict worker: loads run models (tfjs for the layers, an ONNX session for inference), decodes
// images and classifies them on its own thread, so the thread serving HTTP only moves bytes.
import { parentPort, workerData } from "node:worker_threads";
import { initBackend, initInference, setIdleSessionLimit } from "@headstart/ml-core";
import {
  type FromPredictWorker,
  type PredictWorkerData,
  serializePredictError,
  type ToPredictWorker,
} from "./predict-worker-protocol.ts";
import { type LoadedServedModel, loadServedModel } from "./served-model.ts";

const port = parentPort;
if (!port) throw new Error("predict-worker.ts runs only as a worker thread (see predict-worker-pool.ts)");
const data = workerData as PredictWorkerData;

function send(message: FromPredictWorker): void {
  port!.postMessage(message);
}

const log = (message: string) => send({ type: "log", message: `[predict worker ${data.index}] ${message}` });
const inference = { ...data.inference, log };
// Sessions live exactly as long as the main thread's cache keeps their model: a released one closes now.
setIdleSessionLimit(0);
const models = new Map<string, Promise<LoadedServedModel>>();

async function modelFor(key: string, files: Extract<ToPredictWorker, { type: "predict" }>["files"]) {
  let model = models.get(key);
  if (!model) {
    if (!files) throw new Error(`predict worker ${data.index} has no model ${key} and was sent no files for it`);
    model = loadServedModel(files, inference);
    models.set(key, model);
    model.catch(() => {
      if (models.get(key) === model) models.delete(key);
    });
  }
  return model;
}

port.on("message", (message: ToPredictWorker) => {
  if (message.type === "unload") {
    const model = models.get(message.key);
    models.delete(message.key);
    model?.then((m) => m.dispose()).catch(() => undefined);
    return;
  }
  void (async () => {
    try {
      const model = await modelFor(message.key, message.files);
      const predictions = await model.predict(message.images, message.threshold);
      send({ type: "done", id: message.id, predictions });
    } catch (error) {
      send({ type: "failed", id: message.id, error: serializePredictError(error) });
    }
  })();
});

// Ready once tfjs has a backend (it reads every model's layers and is the fallback engine).
const backend = await initBackend();
const report = await initInference(data.inference.engine);
send({ type: "ready", engine: `${report.engine} (tfjs backend ${backend.backend})` });
