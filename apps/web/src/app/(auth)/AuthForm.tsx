"use client";
// Sign-in and sign-up share one form: the session arrives as an HTTP-only
// cookie set by the API, so nothing secret is ever handled here.
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useMutation } from "urql";
import { useClientControl } from "@/app/providers.tsx";
import { errorMessage } from "@/components/States.tsx";
import { CreateTeamMutation, LogInMutation, SignUpMutation } from "@/lib/session-operations.ts";

const MIN_PASSWORD = 10;

/** Only same-site paths, so a crafted ?next= cannot send someone elsewhere after signing in. */
function safeNext(next: string | null): string {
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/datasets";
}

/** Carries ?next= between sign-in and sign-up so switching forms keeps the destination. */
function withNext(path: string, next: string | null): string {
  return next ? `${path}?next=${encodeURIComponent(safeNext(next))}` : path;
}

export function AuthForm({ mode }: { mode: "login" | "signup" }) {
  const router = useRouter();
  const params = useSearchParams();
  const { resetClient } = useClientControl();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [teamName, setTeamName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [, signUp] = useMutation(SignUpMutation);
  const [, logIn] = useMutation(LogInMutation);
  const [, createTeam] = useMutation(CreateTeamMutation);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (mode === "signup" && password.length < MIN_PASSWORD) {
      setError(`Use a password of at least ${MIN_PASSWORD} characters.`);
      return;
    }
    setBusy(true);
    try {
      if (mode === "signup") {
        const res = await signUp({ input: { email: email.trim(), password, name: name.trim() || null } });
        if (res.error) throw res.error;
        const team = teamName.trim() || (name.trim() ? `${name.trim()}'s team` : "My team");
        const created = await createTeam({ input: { name: team } });
        if (created.error) throw created.error;
      } else {
        const res = await logIn({ input: { email: email.trim(), password } });
        if (res.error) throw res.error;
      }
      resetClient();
      router.replace(safeNext(params.get("next")));
    } catch (err) {
      setError(errorMessage(err as Error));
      setBusy(false);
    }
  };

  return (
    <div className="auth-wrap">
      <div className="card auth-card">
        <p className="brand" style={{ marginBottom: "1rem" }}>
          <span className="brand-mark" aria-hidden="true" /> Headstart
        </p>
        <h1>{mode === "signup" ? "Create your account" : "Sign in"}</h1>
        <p className="muted">
          {mode === "signup" ? "Train an image classifier from a few hundred labelled images." : "Welcome back."}
        </p>
        <form className="stack" onSubmit={submit} noValidate>
          {mode === "signup" ? (
            <label className="field">
              Your name
              <input
                type="text"
                autoComplete="name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                maxLength={100}
              />
            </label>
          ) : null}
          <label className="field">
            Email
            <input
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </label>
          <label className="field">
            Password
            <input
              type="password"
              autoComplete={mode === "signup" ? "new-password" : "current-password"}
              required
              minLength={mode === "signup" ? MIN_PASSWORD : undefined}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            {mode === "signup" ? <span className="help">At least {MIN_PASSWORD} characters.</span> : null}
          </label>
          {mode === "signup" ? (
            <label className="field">
              Team name
              <input
                type="text"
                placeholder={name.trim() ? `${name.trim()}'s team` : "My team"}
                value={teamName}
                onChange={(e) => setTeamName(e.target.value)}
                maxLength={80}
              />
              <span className="help">Datasets and runs belong to a team; invite people later.</span>
            </label>
          ) : null}
          {error ? (
            <p className="notice error" role="alert">
              {error}
            </p>
          ) : null}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "Please wait…" : mode === "signup" ? "Create account" : "Sign in"}
          </button>
        </form>
        <p className="small muted" style={{ marginTop: "1rem" }}>
          {mode === "signup" ? (
            <>
              Already have an account? <Link href={withNext("/login", params.get("next"))}>Sign in</Link>
            </>
          ) : (
            <>
              New here? <Link href={withNext("/signup", params.get("next"))}>Create an account</Link>
            </>
          )}
        </p>
      </div>
    </div>
  );
}
