"use client";
// Random rotation, shift, zoom and flip of training images, and how many
// augmented variants of each image the head sees.
import { KNOB_HELP } from "@/lib/run-form.ts";
import { type RecipeProps, TextKnob } from "./RunKnob.tsx";

export function AugmentationFieldset(props: RecipeProps) {
  const { values, set } = props;
  return (
    <fieldset>
      <legend>Augmentation</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={values.augment}
          onChange={(e) => set("augment", e.target.checked)}
          data-testid="knob-augment"
        />
        Augment training images
      </label>
      <p className="help small muted">{KNOB_HELP.augment}</p>
      {values.augment ? (
        <div className="form-grid">
          <TextKnob {...props} field="rotation" label="Rotation (degrees)" />
          <TextKnob {...props} field="shift" label="Shift" />
          <TextKnob {...props} field="zoom" label="Zoom" />
          <div className="field">
            <label className="check">
              <input
                type="checkbox"
                checked={values.horizontalFlip}
                onChange={(e) => set("horizontalFlip", e.target.checked)}
              />
              Horizontal flip
            </label>
            <span className="help">{KNOB_HELP.horizontalFlip}</span>
          </div>
          <TextKnob {...props} field="variants" label="Augmented variants per image" inputMode="numeric" />
        </div>
      ) : null}
    </fieldset>
  );
}
