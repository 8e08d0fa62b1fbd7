// Puts a slice of ml-core's shipped Fashion-MNIST sample (sneaker vs
// ankle_boot) into a team through the public API, as a person would: create
// the dataset, upload images per label and split over HTTP, freeze a version.
// Which images is @headstart/trainer/testing's choice, shared with the
// trainer's tests.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { binarySampleFiles, binarySampleLabels, type SampleSizes } from "@headstart/trainer/testing";
import type { Credential, GraphQLClient } from "../helpers/http-client.ts";
import type { TestApi } from "../helpers/test-api.ts";

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
  const labels = await binarySampleLabels();
  const created = await client.data<{ createDataset: { id: string } }>(
    `mutation ($input: CreateDatasetInput!) { createDataset(input: $input) { id } }`,
    { input: { teamId, name, task: "BINARY", labels } },
  );
  const datasetId = created.createDataset.id;
  const testFiles: SampleFile[] = [];
  for (const label of labels) {
    for (const [split, paths] of await binarySampleFiles(label, sizes)) {
      if (paths.length === 0) continue;
      const files = await Promise.all(
        paths.map(async (file) => ({ label, name: path.basename(file), bytes: await readFile(file) })),
      );
      await upload(api, client.credential, datasetId, split, files);
      if (split === "TEST") testFiles.push(...files);
    }
  }
  const frozen = await client.data<{ freezeDatasetVersion: { id: string } }>(
    `mutation ($input: FreezeDatasetVersionInput!) { freezeDatasetVersion(input: $input) { id } }`,
    { input: { datasetId } },
  );
  return { datasetId, versionId: frozen.freezeDatasetVersion.id, labels, testFiles };
}
