// An ml-core recipe (a recommendation's config or one of its search candidates) as a run config:
// the field names are the same, so this only fixes what the run config holds beyond the recipe
// (strategy, threshold, seed) and, for a search trial, the epochs of its rung.

import type { RecipeConfig } from "@headstart/ml-core";
import { parseRunConfig, type RunConfig } from "@headstart/runs";

export interface RecipeRunOptions {
  /** The AUTO run's own config: its threshold and seed carry over to every trial and the retrain. */
  parent: RunConfig;
  /** Head epochs (and fine-tune epochs, when the recipe fine-tunes) of a trial's rung; absent = the recipe's. */
  epochs?: number;
  /** RunConfig.leaveOneOutValidation (a kernel head's final runs, auto-search.ts leaveOneOutFits); absent = false. */
  leaveOneOutValidation?: boolean;
}

export function runConfigOfRecipe(recipe: RecipeConfig, options: RecipeRunOptions): RunConfig {
  const { parent, epochs } = options;
  return parseRunConfig({
    ...recipe,
    featureLayer: recipe.backbone === "mobilenet_v2" ? (recipe.featureLayer ?? "out_relu") : undefined,
    epochs: epochs ?? recipe.epochs,
    // A rung's budget is in epochs; a fine-tuning trial spends as many fine-tuning as head epochs.
    fineTuneEpochs: epochs !== undefined && recipe.fineTuneBlocks > 0 ? epochs : recipe.fineTuneEpochs,
    strategy: "MANUAL",
    threshold: parent.threshold,
    seed: parent.seed,
    leaveOneOutValidation: options.leaveOneOutValidation ?? false,
  });
}
