"use client";
// The recipe the run trained with (every default resolved by the API) and the model files it wrote.
import { type FragmentType, getFragmentData, graphql } from "@/gql/index.ts";

const RunSettingsFields = graphql(`
  fragment RunSettingsFields on Run {
    config {
      inputSize
      batchSize
      epochs
      learningRate
      optimizer
      headKind
      headUnits
      dropout
      fineTuneBlocks
      fineTuneEpochs
      fineTuneLearningRate
      earlyStoppingPatience
      threshold
      seed
      backbone
      schedule
      labelSmoothing
      weightDecay
      featureLayer
      strategy
      validationFold {
        index
        count
      }
      leaveOneOutValidation
      auto {
        budgetSeconds
        maxTrials
        minEpochs
        eta
      }
      augmentation {
        rotation
        widthShift
        zoom
        horizontalFlip
      }
    }
    artifacts {
      kind
      byteSize
    }
  }
`);

export function RunSettings({ run: runRef }: { run: FragmentType<typeof RunSettingsFields> }) {
  const { config, artifacts } = getFragmentData(RunSettingsFields, runRef);
  const augmentation = config.augmentation;
  // An AUTO run's recipe is chosen by its search (see the AUTO search section); its own settings are the search's.
  const auto = config.strategy === "AUTO" && config.auto ? config.auto : null;
  const settings: Record<string, string | number> = auto
    ? {
        strategy: "AUTO",
        budget: `${Math.round(auto.budgetSeconds / 6) / 10} min`,
        trials: `up to ${auto.maxTrials}, ${auto.minEpochs} epochs in the first rung, ×${auto.eta} per rung`,
        threshold: config.threshold,
        seed: config.seed,
      }
    : {
        backbone: `${config.backbone}${config.featureLayer && config.featureLayer !== "out_relu" ? ` (features at ${config.featureLayer})` : ""}`,
        "batch size": config.batchSize,
        epochs: config.epochs,
        "learning rate": config.learningRate,
        optimizer: config.optimizer.toLowerCase(),
        "input size": `${config.inputSize} px`,
        augmentation: augmentation
          ? `rotation ${augmentation.rotation}°, shift ${augmentation.widthShift}, zoom ${augmentation.zoom}${augmentation.horizontalFlip ? ", flip" : ""}`
          : "off",
        head:
          config.headKind === "KERNEL"
            ? "kernel: Gaussian-kernel ridge on every training image, solved in closed form (no epochs or rate)"
            : `${config.headUnits} units, dropout ${config.dropout}`,
        "fine-tuning":
          config.fineTuneBlocks > 0
            ? `${config.fineTuneBlocks} blocks, ${config.fineTuneEpochs} epochs at ${config.fineTuneLearningRate}`
            : "none (frozen base)",
        "early stopping": config.earlyStoppingPatience ? `after ${config.earlyStoppingPatience} epochs` : "off",
        schedule: config.schedule.toLowerCase().replace("_", "-"),
        regularisation: `label smoothing ${config.labelSmoothing}, weight decay ${config.weightDecay}`,
        // An AUTO run's cross-fitted seed: its figures are on one fold of the validation split.
        ...(config.validationFold
          ? {
              validation: `fold ${config.validationFold.index + 1} of ${config.validationFold.count} (trained on the other folds too)`,
            }
          : {}),
        // A kernel head that also fitted the validation images: each was scored by the fit without it.
        ...(config.leaveOneOutValidation
          ? { validation: "leave-one-out (the validation images were fitted too; each scored by the fit without it)" }
          : {}),
        threshold: config.threshold,
        seed: config.seed,
      };
  return (
    <section className="card">
      <h3>Settings</h3>
      <dl className="small settings-list">
        {Object.entries(settings).map(([k, v]) => (
          <div key={k} style={{ display: "contents" }}>
            <dt className="muted">{k}</dt>
            <dd>{String(v)}</dd>
          </div>
        ))}
      </dl>
      {artifacts.length > 0 ? (
        <p className="small muted" style={{ marginTop: 10 }}>
          Model files:{" "}
          {artifacts.map((a) => `${a.kind.toLowerCase()} ${(a.byteSize / 1024 / 1024).toFixed(1)} MB`).join(", ")}
        </p>
      ) : null}
    </section>
  );
}
