"use client";
// One knob of the new-run form: a labelled control with its help line and the
// validation error for its field (the rules live in @/lib/run-form.ts).
import type { ReactNode } from "react";
import { Field, type FieldControlProps } from "@/components/Field.tsx";
import { KNOB_HELP, type RunFormErrors, type RunFormField, type RunFormValues } from "@/lib/run-form.ts";

/** What every recipe section gets from the form: the values, their errors and a setter. */
export interface RecipeProps {
  values: RunFormValues;
  errors: RunFormErrors;
  set<K extends RunFormField>(field: K, value: RunFormValues[K]): void;
}

export function Knob({
  field,
  label,
  errors,
  help,
  children,
}: {
  field: RunFormField;
  label: string;
  errors: RunFormErrors;
  help?: string;
  children(props: FieldControlProps): ReactNode;
}) {
  return (
    <Field label={label} help={help ?? KNOB_HELP[field]} error={errors[field]}>
      {children}
    </Field>
  );
}

/** A knob typed as text (numbers are validated as a whole on submit, with a message per field). */
export function TextKnob({
  field,
  label,
  values,
  errors,
  set,
  inputMode = "decimal",
  placeholder,
  help,
}: RecipeProps & {
  field: RunFormField;
  label: string;
  inputMode?: "numeric" | "decimal";
  placeholder?: string;
  help?: string;
}) {
  return (
    <Knob field={field} label={label} errors={errors} help={help}>
      {(control) => (
        <input
          {...control}
          type="text"
          inputMode={inputMode}
          placeholder={placeholder}
          value={String(values[field])}
          onChange={(e) => set(field, e.target.value as never)}
          data-testid={`knob-${field}`}
        />
      )}
    </Knob>
  );
}
