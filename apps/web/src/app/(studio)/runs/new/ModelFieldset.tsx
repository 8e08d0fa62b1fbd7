"use client";
// The model: input size (suggested from the dataset's images), the head, and
// how many backbone blocks to fine-tune afterwards.
import { type RecipeProps, TextKnob } from "./RunKnob.tsx";

export function ModelFieldset({ inputSizeHelp, ...props }: RecipeProps & { inputSizeHelp: string }) {
  const tuning = Number(props.values.fineTuneBlocks) > 0;
  return (
    <fieldset>
      <legend>Model</legend>
      <div className="form-grid">
        <TextKnob {...props} field="inputSize" label="Input size (px)" inputMode="numeric" help={inputSizeHelp} />
        <TextKnob {...props} field="headUnits" label="Head units" inputMode="numeric" />
        <TextKnob {...props} field="dropout" label="Dropout" />
        <TextKnob {...props} field="fineTuneBlocks" label="Fine-tune blocks" inputMode="numeric" />
        {tuning ? (
          <>
            <TextKnob {...props} field="fineTuneEpochs" label="Fine-tune epochs" inputMode="numeric" />
            <TextKnob {...props} field="fineTuneLearningRate" label="Fine-tune learning rate" />
          </>
        ) : null}
      </div>
    </fieldset>
  );
}
