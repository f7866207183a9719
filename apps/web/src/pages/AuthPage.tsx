import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { AuthError, signIn, signUp } from "../lib/auth";
import { clearPinnedStaticId, setDemoTab } from "../lib/static-pin";
import { trpc } from "../lib/trpc";

type Mode = "sign-in" | "sign-up";

export function AuthPage() {
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<Mode>("sign-in");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  function switchMode(next: Mode) {
    setMode(next);
    setError(null);
    setNotice(null);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (name: string) => {
      const value = form.get(name);
      return typeof value === "string" ? value : "";
    };
    setError(null);
    setNotice(null);
    setIsPending(true);
    try {
      if (mode === "sign-in") {
        await signIn(field("login"), field("password"));
      } else {
        const username = field("username").trim();
        await signUp({
          username,
          name: field("displayName").trim() || username,
          email: field("email").trim(),
          password: field("password"),
          signupCode: field("signupCode").trim() || undefined,
        });
      }
    } catch (err) {
      setError(err instanceof AuthError ? err.message : "Something went wrong. Please try again.");
      setIsPending(false);
      return;
    }
    // A pin left over from an earlier session in this tab belongs to someone else's choices.
    clearPinnedStaticId();
    await queryClient.resetQueries(trpc.me.get.queryFilter());
    // Still here means the server did not start a session (e.g. sign-up without auto sign-in).
    setIsPending(false);
    if (mode === "sign-up" && queryClient.getQueryState(trpc.me.get.queryKey())?.status === "error") {
      setMode("sign-in");
      setNotice("Account created. Sign in to continue.");
    }
  }

  async function exploreDemo() {
    setError(null);
    setIsPending(true);
    setDemoTab(true);
    clearPinnedStaticId();
    await queryClient.resetQueries(trpc.me.get.queryFilter());
    // Still here: the demo is not there (not seeded yet, or turned off on this instance).
    const state = queryClient.getQueryState(trpc.me.get.queryKey());
    if (state?.status === "error") {
      setDemoTab(false);
      setError(state.error instanceof Error ? state.error.message : "The demo is not available");
      await queryClient.resetQueries(trpc.me.get.queryFilter());
    }
    setIsPending(false);
  }

  const isSignUp = mode === "sign-up";
  return (
    <div className="auth-page">
      <div className="card auth-card">
        <p className="brand-large">progboard</p>
        <div className="segmented" role="group" aria-label="Account">
          <button type="button" aria-pressed={!isSignUp} onClick={() => switchMode("sign-in")}>
            Sign in
          </button>
          <button type="button" aria-pressed={isSignUp} onClick={() => switchMode("sign-up")}>
            Create account
          </button>
        </div>
        <form key={mode} className="stack" onSubmit={(event) => void onSubmit(event)}>
          <h1>{isSignUp ? "Create your account" : "Welcome back"}</h1>
          {isSignUp ? (
            <>
              <Field name="username" label="Username" autoComplete="username" required />
              <Field name="displayName" label="Display name" hint="Optional; defaults to your username." autoComplete="nickname" />
              <Field name="email" label="Email" type="email" autoComplete="email" required />
              <Field name="password" label="Password" type="password" autoComplete="new-password" hint="At least 8 characters." required />
              <Field name="signupCode" label="Sign-up code" hint="Only if this instance asks for one." autoComplete="off" />
            </>
          ) : (
            <>
              <Field name="login" label="Username or email" autoComplete="username" required />
              <Field name="password" label="Password" type="password" autoComplete="current-password" required />
            </>
          )}
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          {notice && (
            <p role="status" className="notice">
              {notice}
            </p>
          )}
          <button type="submit" className="button primary wide" disabled={isPending}>
            {isPending ? "Please wait…" : isSignUp ? "Create account" : "Sign in"}
          </button>
        </form>
        <div className="demo-entry">
          <p className="hint">No account? Look around a static that has already progged.</p>
          <button type="button" className="button wide" disabled={isPending} onClick={() => void exploreDemo()}>
            Explore the demo
          </button>
        </div>
      </div>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  type?: string;
  hint?: string;
  autoComplete?: string;
  required?: boolean;
}

function Field({ name, label, type = "text", hint, autoComplete, required }: FieldProps) {
  const id = `auth-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        className="input"
        autoComplete={autoComplete}
        required={required}
        aria-describedby={hint ? `${id}-hint` : undefined}
        spellCheck={false}
      />
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
    </div>
  );
}
