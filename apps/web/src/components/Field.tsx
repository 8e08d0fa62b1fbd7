"use client";
// A labelled input with its one-line help and error. The label names the
// input by itself; help and error are attached with aria-describedby, so a
// screen reader says "Epochs" and then the explanation, not one long name.
import { type ReactNode, useId } from "react";

export interface FieldControlProps {
  id: string;
  "aria-describedby": string;
  "aria-invalid": true | undefined;
}

export function Field({
  label,
  help,
  error,
  children,
}: {
  label: string;
  help?: string;
  error?: string;
  children(props: FieldControlProps): ReactNode;
}) {
  const id = useId();
  const describedBy = [help ? `${id}-help` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-describedby": describedBy, "aria-invalid": error ? true : undefined })}
      {help ? (
        <span className="help" id={`${id}-help`}>
          {help}
        </span>
      ) : null}
      {error ? (
        <span className="error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
    </div>
  );
}
