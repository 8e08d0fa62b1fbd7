// The API hands whole run configs as JSON text (a recommendation's config, a diagnosis's suggested
// config, an AUTO run's retrain config) in the run-config field names; createRun takes them as a
// RunConfigInput, whose enums are GraphQL names and whose augmentation is switched off with
// `enabled: false`. This is that one conversion.
import type { HeadKind, Optimizer, RunConfigInput, RunStrategy, Schedule } from "@/gql/graphql.ts";

const OPTIMIZERS: Record<string, Optimizer> = { adam: "ADAM", sgd: "SGD", rmsprop: "RMSPROP" };
const SCHEDULES: Record<string, Schedule> = { constant: "CONSTANT", cosine: "COSINE", "one-cycle": "ONE_CYCLE" };
const HEAD_KINDS: Record<string, HeadKind> = { dense: "DENSE", kernel: "KERNEL" };

/** A config given as JSON text (run-config field names and values) as createRun's input. */
export function runConfigInputFromJson(json: string): RunConfigInput {
  const config = JSON.parse(json) as Record<string, unknown>;
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new Error("The suggested config is not an object.");
  }
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined) continue;
    switch (key) {
      case "optimizer":
        input.optimizer = OPTIMIZERS[String(value)] ?? value;
        break;
      case "schedule":
        input.schedule = SCHEDULES[String(value)] ?? value;
        break;
      case "headKind":
        input.headKind = HEAD_KINDS[String(value)] ?? value;
        break;
      case "strategy":
        input.strategy = value as RunStrategy;
        break;
      case "augmentation":
        input.augmentation = value === null || value === false ? { enabled: false } : value;
        break;
      case "auto":
      case "featureLayer":
        if (value !== null) input[key] = value;
        break;
      default:
        input[key] = value;
    }
  }
  return input as RunConfigInput;
}
