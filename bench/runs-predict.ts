// Predict latency as a client sees it: one image per request, sequential, after
// a warm-up that loads the run's model into the API's cache. Two ways in: the
// predictImages GraphQL mutation (an image already stored in the team's
// dataset) and the multipart route POST /runs/:id/predict (a new upload).
// The API runs models on ONNX Runtime in its predict workers; a second API
// process with HEADSTART_INFERENCE=tfjs gives the tfjs figure beside it.
import { summarize } from "./lib/latency.ts";
import { type BenchTeam, Gql, nowMs, type SampleFile, type UploadedSample } from "./lib/runs-client.ts";
import type { RunsStack } from "./lib/runs-stack.ts";
import type { Report } from "./runs-training.ts";

const WARM_UP = 10;
const REQUESTS = 200;
/** tfjs answers one 224-px image in ~100 ms on a quiet machine: fewer requests keep the bench short. */
const TFJS_REQUESTS = 50;

interface Prediction {
  label: string;
  confidence: number;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = nowMs();
  const value = await work();
  return { ms: nowMs() - started, value };
}

export async function benchPredict(
  stack: RunsStack,
  team: BenchTeam,
  sample: UploadedSample,
  runId: string,
  report: Report,
): Promise<void> {
  const { rows } = await stack.sql.query<{ id: string; label: string }>(
    `SELECT i.id, l.name AS label FROM "Image" i JOIN "ImageLabel" il ON il."imageId" = i.id JOIN "Label" l ON l.id = il."labelId"
     WHERE i."datasetId" = $1 AND i.split = 'VAL' ORDER BY i.id LIMIT $2`,
    [sample.datasetId, REQUESTS],
  );
  if (rows.length < REQUESTS)
    throw new Error(`Expected ${REQUESTS} stored val images to predict, found ${rows.length}.`);

  const predictStored = async (imageId: string, gql: Gql = team.gql): Promise<Prediction> => {
    const data = await gql.data<{ predictImages: { imageId: string; prediction: Prediction }[] }>(
      `mutation ($input: PredictImagesInput!) { predictImages(input: $input) { imageId prediction { label confidence } } }`,
      { input: { runId, imageIds: [imageId] } },
    );
    const [item] = data.predictImages;
    if (!item || item.imageId !== imageId)
      throw new Error(`predictImages answered for the wrong image: ${JSON.stringify(data)}`);
    return item.prediction;
  };
  const predictUpload = async (file: SampleFile): Promise<Prediction> => {
    const form = new FormData();
    form.append("images", new Blob([file.bytes], { type: "image/png" }), file.name);
    const response = await fetch(`${stack.api.origin}/runs/${runId}/predict`, {
      method: "POST",
      headers: team.gql.headers,
      body: form,
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`POST /runs/${runId}/predict answered HTTP ${response.status}: ${text.slice(0, 300)}`);
    const [prediction] = (JSON.parse(text) as { predictions: Prediction[] }).predictions;
    if (!prediction) throw new Error(`POST /runs/${runId}/predict returned no prediction: ${text.slice(0, 300)}`);
    return prediction;
  };

  // GraphQL over stored images.
  for (const row of rows.slice(0, WARM_UP)) await predictStored(row.id);
  const graphqlMs: number[] = [];
  let graphqlCorrect = 0;
  for (const row of rows) {
    const { ms, value } = await timed(() => predictStored(row.id));
    graphqlMs.push(ms);
    if (value.label === row.label) graphqlCorrect += 1;
  }
  report(
    "runs_predict_graphql_predictImages_1_image_ms",
    summarize(graphqlMs),
    `target p50 <= 30 ms, p99 <= 100 ms; onnx in the API's predict worker; ${REQUESTS} sequential requests after ${WARM_UP} warm-up; ${graphqlCorrect}/${REQUESTS} right`,
  );

  // The same requests against an API process forced onto tfjs (same database, data and model).
  const tfjsApi = await stack.startApi({ HEADSTART_INFERENCE: "tfjs" });
  try {
    const tfjsGql = new Gql(tfjsApi, team.token);
    for (const row of rows.slice(0, WARM_UP)) await predictStored(row.id, tfjsGql);
    const tfjsMs: number[] = [];
    for (const row of rows.slice(0, TFJS_REQUESTS)) tfjsMs.push((await timed(() => predictStored(row.id, tfjsGql))).ms);
    report(
      "runs_predict_graphql_predictImages_1_image_tfjs_ms",
      summarize(tfjsMs),
      `HEADSTART_INFERENCE=tfjs in a second API process; ${TFJS_REQUESTS} sequential requests after ${WARM_UP} warm-up`,
    );
  } finally {
    await tfjsApi.stop();
  }

  // Multipart uploads of new files.
  const files = sample.valFiles
    .filter((_, i) => i % Math.floor(sample.valFiles.length / REQUESTS) === 0)
    .slice(0, REQUESTS);
  for (const file of files.slice(0, WARM_UP)) await predictUpload(file);
  const uploadMs: number[] = [];
  let uploadCorrect = 0;
  for (const file of files) {
    const { ms, value } = await timed(() => predictUpload(file));
    uploadMs.push(ms);
    if (value.label === file.label) uploadCorrect += 1;
  }
  report(
    "runs_predict_http_multipart_1_image_ms",
    summarize(uploadMs),
    `${files.length} sequential uploads after ${WARM_UP} warm-up; ${uploadCorrect}/${files.length} right`,
  );
}
