// The new-run form: what a person types (strings), the reference recipe's
// defaults, a one-line explanation per knob, and validation that names the
// field. The API validates again and is authoritative; checking here means a
// typo is pointed at next to the input instead of after a round trip.
import type { Optimizer, RunConfigInput } from "@/gql/graphql.ts";

export interface RunFormValues {
  name: string;
  epochs: string;
  batchSize: string;
  learningRate: string;
  optimizer: Optimizer;
  inputSize: string;
  augment: boolean;
  rotation: string;
  shift: string;
  zoom: string;
  horizontalFlip: boolean;
  variants: string;
  headUnits: string;
  dropout: string;
  fineTuneBlocks: string;
  fineTuneEpochs: string;
  fineTuneLearningRate: string;
  earlyStoppingPatience: string;
  threshold: string;
  seed: string;
}

export type RunFormField = keyof RunFormValues;

/** The reference recipe: frozen MobileNet base, 64-unit head, light augmentation. */
export const DEFAULT_RUN_FORM: Readonly<RunFormValues> = Object.freeze({
  name: "",
  epochs: "10",
  batchSize: "64",
  learningRate: "0.001",
  optimizer: "ADAM",
  inputSize: "224",
  augment: true,
  rotation: "20",
  shift: "0.2",
  zoom: "0.2",
  horizontalFlip: true,
  // The API's 4 augmented copies per training image. Each copy is one more
  // backbone pass per training image on a dataset's first run (later runs hit
  // the cache); at the sample's suggested 96 px, 4 still brings a newcomer's
  // first model in well under three minutes on 2 cores (apps/web/README.md).
  variants: "4",
  headUnits: "64",
  dropout: "0.5",
  fineTuneBlocks: "0",
  fineTuneEpochs: "5",
  fineTuneLearningRate: "0.00001",
  earlyStoppingPatience: "",
  threshold: "0.75",
  seed: "",
});

export const KNOB_HELP: Readonly<Record<RunFormField, string>> = Object.freeze({
  name: "Optional; helps you find the run later. Defaults to the dataset and version.",
  epochs: "Passes over the training images. More can help until validation accuracy stops improving.",
  batchSize: "Images per weight update. Smaller batches update more often but more noisily.",
  learningRate: "Step size for the head. 0.001 with Adam is a safe start; lower it if the loss jumps around.",
  optimizer: "Adam adapts the step per weight and needs the least tuning.",
  inputSize: "Side of the square the images are resized to. Smaller is faster but sees less detail.",
  augment:
    "Random rotations, shifts, zooms and flips of training images so the model learns the object, not the photo.",
  rotation: "Maximum rotation either way, in degrees.",
  shift: "Maximum horizontal and vertical shift, as a share of the image size.",
  zoom: "Maximum zoom in or out, as a share (0.2 = 80% to 120%).",
  horizontalFlip: "Mirror images left-right. Turn off when direction matters (text, arrows).",
  variants:
    "Augmented copies of each training image, embedded once on the first run and cached. More adds variety; each one adds a pass over the training images.",
  headUnits: "Neurons in the dense layer on top of the frozen base. 64 is plenty for a few hundred images.",
  dropout: "Share of head neurons switched off at random while training, against overfitting.",
  fineTuneBlocks:
    "Frozen (0) trains only the head: fast and safe. Unfreezing the top blocks can add accuracy but needs more data.",
  fineTuneEpochs: "Extra epochs after the head is trained, with the top blocks unfrozen.",
  fineTuneLearningRate: "Much smaller step for fine-tuning, so pretrained features are adjusted, not destroyed.",
  earlyStoppingPatience: "Stop after this many epochs without a better validation loss. Empty = run every epoch.",
  threshold: "Predictions less confident than this are withheld for a person to review.",
  seed: "Fixes shuffling and augmentation so a run can be repeated. Empty = random.",
});

/** The config sent to createRun, typed by codegen from the API's RunConfigInput. */
export type { RunConfigInput };

export type RunFormErrors = Partial<Record<RunFormField, string>>;

export type RunFormResult =
  | { ok: true; name: string | null; config: RunConfigInput }
  | { ok: false; errors: RunFormErrors };

interface NumberRule {
  integer?: boolean;
  min: number;
  max: number;
  exclusiveMin?: boolean;
  exclusiveMax?: boolean;
}

// Limits mirror the API's run-config validation (packages/runs).
const RULES: Record<string, NumberRule> = {
  epochs: { integer: true, min: 1, max: 1000 },
  batchSize: { integer: true, min: 1, max: 1024 },
  learningRate: { min: 0, max: 1, exclusiveMin: true },
  inputSize: { integer: true, min: 96, max: 224 },
  rotation: { min: 0, max: 180 },
  shift: { min: 0, max: 1, exclusiveMax: true },
  zoom: { min: 0, max: 1, exclusiveMax: true },
  variants: { integer: true, min: 1, max: 32 },
  headUnits: { integer: true, min: 1, max: 4096 },
  dropout: { min: 0, max: 1, exclusiveMax: true },
  fineTuneBlocks: { integer: true, min: 0, max: 16 },
  fineTuneEpochs: { integer: true, min: 1, max: 1000 },
  fineTuneLearningRate: { min: 0, max: 1, exclusiveMin: true },
  earlyStoppingPatience: { integer: true, min: 1, max: 1000 },
  threshold: { min: 0, max: 1 },
  seed: { integer: true, min: 0, max: 2 ** 31 - 1 },
};

function describeRange(rule: NumberRule): string {
  const kind = rule.integer ? "a whole number" : "a number";
  if (rule.exclusiveMin) return `Enter ${kind} greater than ${rule.min} and at most ${rule.max}.`;
  if (rule.exclusiveMax) return `Enter ${kind} from ${rule.min} up to (not including) ${rule.max}.`;
  return `Enter ${kind} from ${rule.min} to ${rule.max}.`;
}

/** Parses one numeric input; returns the number or an error message for the field. */
export function parseNumberField(raw: string, rule: NumberRule): number | string {
  const text = raw.trim();
  // Number('') is 0 and Number('1e3') is 1000; only plain decimals are what a person meant.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return describeRange(rule);
  const value = Number(text);
  if (!Number.isFinite(value)) return describeRange(rule);
  if (rule.integer && !Number.isInteger(value)) return describeRange(rule);
  if (rule.exclusiveMin ? value <= rule.min : value < rule.min) return describeRange(rule);
  if (rule.exclusiveMax ? value >= rule.max : value > rule.max) return describeRange(rule);
  return value;
}

export function validateRunForm(values: RunFormValues): RunFormResult {
  const errors: RunFormErrors = {};
  const num = (field: RunFormField, optional = false): number | null => {
    const raw = String(values[field]);
    if (optional && raw.trim() === "") return null;
    const parsed = parseNumberField(raw, RULES[field]);
    if (typeof parsed === "string") {
      errors[field] = parsed;
      return null;
    }
    return parsed;
  };

  const epochs = num("epochs");
  const batchSize = num("batchSize");
  const learningRate = num("learningRate");
  const inputSize = num("inputSize");
  if (inputSize !== null && inputSize % 32 !== 0) {
    errors.inputSize = "Use a multiple of 32: 96, 128, 160, 192 or 224.";
  }
  const rotation = values.augment ? num("rotation") : 0;
  const shift = values.augment ? num("shift") : 0;
  const zoom = values.augment ? num("zoom") : 0;
  const variants = values.augment ? num("variants") : 0;
  const headUnits = num("headUnits");
  const dropout = num("dropout");
  const fineTuneBlocks = num("fineTuneBlocks");
  const tuning = fineTuneBlocks !== null && fineTuneBlocks > 0;
  // Fine-tune settings only matter when blocks are unfrozen; don't block a
  // frozen run on a field the person cannot see.
  const fineTuneEpochs = tuning ? num("fineTuneEpochs") : Number(DEFAULT_RUN_FORM.fineTuneEpochs);
  const fineTuneLearningRate = tuning ? num("fineTuneLearningRate") : Number(DEFAULT_RUN_FORM.fineTuneLearningRate);
  if (tuning && learningRate !== null && fineTuneLearningRate !== null && fineTuneLearningRate > learningRate) {
    errors.fineTuneLearningRate =
      "Fine-tune with a smaller learning rate than the head, or the pretrained features get overwritten.";
  }
  const earlyStoppingPatience = num("earlyStoppingPatience", true);
  const threshold = num("threshold");
  const seed = num("seed", true);
  const name = values.name.trim();
  if (name.length > 120) errors.name = "Keep the name under 120 characters.";

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const config: RunConfigInput = {
    backbone: "mobilenet_v2",
    inputSize: inputSize as number,
    batchSize: batchSize as number,
    epochs: epochs as number,
    learningRate: learningRate as number,
    optimizer: values.optimizer,
    augmentation: values.augment
      ? {
          enabled: true,
          rotation: rotation as number,
          widthShift: shift as number,
          heightShift: shift as number,
          zoom: zoom as number,
          horizontalFlip: values.horizontalFlip,
          variants: variants as number,
        }
      : { enabled: false },
    headUnits: headUnits as number,
    dropout: dropout as number,
    fineTuneBlocks: fineTuneBlocks as number,
    fineTuneEpochs: fineTuneEpochs as number,
    fineTuneLearningRate: fineTuneLearningRate as number,
    earlyStoppingPatience,
    threshold: threshold as number,
  };
  if (seed !== null) config.seed = seed;
  return { ok: true, name: name === "" ? null : name, config };
}

/** Settings that differ between two runs' configs, for the compare page. */
export function configDiff(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
): { key: string; a: unknown; b: unknown }[] {
  const flat = (obj: Record<string, unknown>, prefix = ""): Map<string, unknown> => {
    const out = new Map<string, unknown>();
    for (const [k, v] of Object.entries(obj)) {
      if (v && typeof v === "object" && !Array.isArray(v)) {
        for (const [fk, fv] of flat(v as Record<string, unknown>, `${prefix}${k}.`)) out.set(fk, fv);
      } else out.set(`${prefix}${k}`, v);
    }
    return out;
  };
  const fa = flat(a);
  const fb = flat(b);
  const keys = [...new Set([...fa.keys(), ...fb.keys()])].sort();
  return keys
    .filter((k) => JSON.stringify(fa.get(k)) !== JSON.stringify(fb.get(k)))
    .map((k) => ({ key: k, a: fa.get(k), b: fb.get(k) }));
}
