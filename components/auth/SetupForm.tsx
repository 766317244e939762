"use client";

import { Button, Field, Input, makeStyles, MessageBar, MessageBarBody, Text } from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import { PASSWORD_MIN, setupInput } from "@/lib/schemas/users";
import { AuthCard } from "./AuthCard";
import { signInWithPassword } from "./sign-in";

const useStyles = makeStyles({ form: { display: "flex", flexDirection: "column", gap: "12px" } });

type FieldName = "email" | "name" | "password" | "confirm";

export function SetupForm() {
  const styles = useStyles();
  const [values, setValues] = useState<Record<FieldName, string>>({ email: "", name: "", password: "", confirm: "" });
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (field: FieldName) => (_: unknown, d: { value: string }) => setValues((v) => ({ ...v, [field]: d.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const parsed = setupInput.safeParse(values);
    const errors: Partial<Record<FieldName, string>> = {};
    if (!parsed.success) for (const issue of parsed.error.issues) errors[issue.path[0] as FieldName] ??= issue.message;
    if (values.password !== values.confirm) errors.confirm = "does not match the password";
    setFieldErrors(errors);
    if (!parsed.success || errors.confirm) return;

    setBusy(true);
    try {
      const response = await fetch("/api/setup", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(parsed.data) });
      if (!response.ok) {
        const problem = (await response.json().catch(() => ({}))) as { detail?: string };
        setError(response.status === 404 ? "This Rampart already has an Owner. Sign in instead." : (problem.detail ?? "The Owner could not be created."));
        setBusy(false);
        return;
      }
      const signedIn = await signInWithPassword(parsed.data.email, parsed.data.password);
      window.location.assign(signedIn.ok ? "/" : "/sign-in");
    } catch {
      setError("Rampart could not be reached. Check your connection and try again.");
      setBusy(false);
    }
  }

  const message = (field: FieldName) => (fieldErrors[field] ? { validationState: "error" as const, validationMessage: fieldErrors[field] } : {});

  return (
    <AuthCard title="Welcome to Rampart" subtitle="Create the first Owner of this workspace">
      <Text>
        Nobody has an account yet. The Owner you create now manages users, roles and subscriptions; this page is gone once
        the account exists.
      </Text>
      {error ? (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      ) : null}
      <form className={styles.form} onSubmit={submit} noValidate>
        <Field label="Your name" required {...message("name")}>
          <Input name="name" autoComplete="name" value={values.name} onChange={set("name")} />
        </Field>
        <Field label="Email" required {...message("email")}>
          <Input type="email" name="email" autoComplete="username" value={values.email} onChange={set("email")} />
        </Field>
        <Field label="Password" required hint={`At least ${PASSWORD_MIN} characters`} {...message("password")}>
          <Input type="password" name="password" autoComplete="new-password" value={values.password} onChange={set("password")} />
        </Field>
        <Field label="Confirm password" required {...message("confirm")}>
          <Input type="password" name="confirm" autoComplete="new-password" value={values.confirm} onChange={set("confirm")} />
        </Field>
        <Button appearance="primary" type="submit" disabled={busy}>
          {busy ? "Creating…" : "Create Owner and sign in"}
        </Button>
      </form>
    </AuthCard>
  );
}
