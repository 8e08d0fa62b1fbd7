// Puts a slice of ml-core's shipped Fashion-MNIST sample (sneaker vs
// ankle_boot) into a team through the public API, as a person would: create
// the dataset, upload images per label and split over HTTP, freeze a version.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Credential, GraphQLClient } from "../helpers/http-client.ts";
import type { TestApi } from "../helpers/test-api.ts";

export const SAMPLE_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../../packages/ml-core/data/sample/binary",
);

export interface SampleSizes {
  train: number;
  val: number;
  test: number;
}

export interface SampleFile {
  label: string;
  name: string;
  bytes: Buffer;
}

export interface UploadedSample {
  datasetId: string;
  versionId: string;
  labels: string[];
  /** Files uploaded as TEST, for predicting after training. */
  testFiles: SampleFile[];
}

async function sampleFiles(split: "train" | "val", label: string, count: number, skip = 0): Promise<SampleFile[]> {
  const dir = path.join(SAMPLE_DIR, split, label);
  const names = (await readdir(dir))
    .filter((name) => name.endsWith(".png"))
    .sort()
    .slice(skip, skip + count);
  return Promise.all(names.map(async (name) => ({ label, name, bytes: await readFile(path.join(dir, name)) })));
}

function authHeaders(credential: Credential): Record<string, string> {
  if (!credential) return {};
  return "token" in credential ? { authorization: `Bearer ${credential.token}` } : { cookie: credential.cookie };
}

async function upload(
  api: TestApi,
  credential: Credential,
  datasetId: string,
  split: string,
  files: SampleFile[],
): Promise<void> {
  const form = new FormData();
  form.append("label", files[0]!.label);
  form.append("split", split);
  for (const file of files) form.append("file", new Blob([file.bytes], { type: "image/png" }), file.name);
  const response = await fetch(`${api.server.origin}/upload/datasets/${datasetId}/images`, {
    method: "POST",
    headers: authHeaders(credential),
    body: form,
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`Upload failed with HTTP ${response.status}: ${body}`);
}

export async function uploadSample(
  api: TestApi,
  client: GraphQLClient,
  teamId: string,
  sizes: SampleSizes,
  name = `shoes-${Date.now().toString(36)}`,
): Promise<UploadedSample> {
  const labels = (await readdir(path.join(SAMPLE_DIR, "train"))).sort();
  const created = await client.data<{ createDataset: { id: string } }>(
    `mutation ($input: CreateDatasetInput!) { createDataset(input: $input) { id } }`,
    { input: { teamId, name, task: "BINARY", labels } },
  );
  const datasetId = created.createDataset.id;
  const testFiles: SampleFile[] = [];
  for (const label of labels) {
    await upload(api, client.credential, datasetId, "TRAIN", await sampleFiles("train", label, sizes.train));
    if (sizes.val > 0)
      await upload(api, client.credential, datasetId, "VAL", await sampleFiles("val", label, sizes.val));
    // The sample ships train/val folders only; TEST comes from further along the val folder.
    const test = await sampleFiles("val", label, sizes.test, sizes.val);
    if (test.length > 0) await upload(api, client.credential, datasetId, "TEST", test);
    testFiles.push(...test);
  }
  const frozen = await client.data<{ freezeDatasetVersion: { id: string } }>(
    `mutation ($input: FreezeDatasetVersionInput!) { freezeDatasetVersion(input: $input) { id } }`,
    { input: { datasetId } },
  );
  return { datasetId, versionId: frozen.freezeDatasetVersion.id, labels, testFiles };
}
