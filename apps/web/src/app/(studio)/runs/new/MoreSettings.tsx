"use client";
// Settings most runs leave alone: early stopping, the withholding threshold, the seed.
import { type RecipeProps, TextKnob } from "./RunKnob.tsx";

export function MoreSettings(props: RecipeProps) {
  return (
    <details>
      <summary className="more-settings">More settings</summary>
      <div className="form-grid" style={{ marginTop: 12 }}>
        <TextKnob
          {...props}
          field="earlyStoppingPatience"
          label="Early-stopping patience"
          inputMode="numeric"
          placeholder="off"
        />
        <TextKnob {...props} field="threshold" label="Withholding threshold" />
        <TextKnob {...props} field="seed" label="Seed" inputMode="numeric" placeholder="random" />
      </div>
    </details>
  );
}
