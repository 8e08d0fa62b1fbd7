"use client";
// A just-created token's secret: shown once (the API stores only its hash),
// with a copy button, until the person says they have stored it.
import { useRef, useState } from "react";

export function NewTokenSecret({ name, token, onDone }: { name: string; token: string; onDone(): void }) {
  const field = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<"idle" | "copied" | "select">("idle");
  return (
    <section className="notice token-secret" aria-labelledby="token-secret-heading" data-testid="token-secret">
      <h2 id="token-secret-heading">Your new token “{name}”</h2>
      <p className="small">
        Copy it now: it is shown only this once. Scripts send it as <code>Authorization: Bearer &lt;token&gt;</code>.
      </p>
      <div className="row">
        <input
          ref={field}
          type="text"
          readOnly
          value={token}
          aria-label="New API token"
          className="token-value"
          onFocus={(e) => e.currentTarget.select()}
          data-testid="token-value"
        />
        <button
          type="button"
          className="primary"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(token);
              setCopy("copied");
            } catch {
              // No clipboard access (plain http on a LAN address, or a denied
              // permission): select the text so Ctrl+C / ⌘C copies it.
              field.current?.select();
              setCopy("select");
            }
          }}
        >
          {copy === "copied" ? "Copied" : "Copy"}
        </button>
        <button type="button" onClick={onDone}>
          I have stored it
        </button>
      </div>
      <p className="small muted" role="status">
        {copy === "copied"
          ? "Copied to the clipboard."
          : copy === "select"
            ? "This browser did not allow copying; the token is selected, press Ctrl+C (⌘C on a Mac)."
            : ""}
      </p>
    </section>
  );
}
