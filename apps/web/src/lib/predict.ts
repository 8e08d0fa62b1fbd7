// The predict route's answer: { predictions: [{ name, label, confidence,
// withheld, threshold, probabilities: [{ label, probability }], labels }] }.
import { UploadError } from "./upload.ts";

export interface PlaygroundPrediction {
  name: string;
  label: string;
  labels: string[];
  confidence: number;
  withheld: boolean;
  threshold: number;
  probabilities: { label: string; probability: number }[];
}

export function parsePredictResponse(status: number, body: string): PlaygroundPrediction[] {
  let json: unknown = null;
  try {
    json = JSON.parse(body);
  } catch {
    // handled below
  }
  const predictions = (json as { predictions?: unknown } | null)?.predictions;
  if (status === 200 && Array.isArray(predictions)) {
    return (predictions as PlaygroundPrediction[]).map((p) => ({
      ...p,
      // Most probable first reads best in the bar list.
      probabilities: [...p.probabilities].sort((a, b) => b.probability - a.probability),
    }));
  }
  const first = (json as { errors?: { message?: string; extensions?: { code?: string } }[] } | null)?.errors?.[0];
  if (first?.message) throw new UploadError(first.message, status, first.extensions?.code ?? null);
  throw new UploadError(
    `The server answered ${status} without an explanation; try again, or check the API log.`,
    status,
    null,
  );
}
