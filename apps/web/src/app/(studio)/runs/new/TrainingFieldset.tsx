"use client";
// How the head trains: epochs, batch size, learning rate, optimizer.
import type { Optimizer } from "@/gql/graphql.ts";
import { Knob, type RecipeProps, TextKnob } from "./RunKnob.tsx";

export function TrainingFieldset(props: RecipeProps) {
  const { values, errors, set } = props;
  return (
    <fieldset>
      <legend>Training</legend>
      <div className="form-grid">
        <TextKnob {...props} field="epochs" label="Epochs" inputMode="numeric" />
        <TextKnob {...props} field="batchSize" label="Batch size" inputMode="numeric" />
        <TextKnob {...props} field="learningRate" label="Learning rate" />
        <Knob field="optimizer" label="Optimizer" errors={errors}>
          {(control) => (
            <select
              {...control}
              value={values.optimizer}
              onChange={(e) => set("optimizer", e.target.value as Optimizer)}
            >
              <option value="ADAM">Adam</option>
              <option value="RMSPROP">RMSprop</option>
              <option value="SGD">SGD</option>
            </select>
          )}
        </Knob>
      </div>
    </fieldset>
  );
}
