"use client";

import {
  Button,
  Divider,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
  tokens,
} from "@fluentui/react-components";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { AuthCard } from "./AuthCard";
import { safeCallback, signInWithPassword } from "./sign-in";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: "12px" },
  demo: {
    padding: "16px",
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow4,
  },
  demoList: { listStyle: "none", margin: "8px 0 0", padding: 0, display: "flex", flexDirection: "column" },
  demoItem: {
    display: "flex",
    alignItems: "center",
    justifyContent: "space-between",
    gap: "8px",
    padding: "8px 0",
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, whiteSpace: "nowrap" },
});

export interface DemoAccountView {
  email: string;
  password: string;
  role: string;
}

export function SignInForm(props: {
  errorMessages: Record<string, string>;
  initialError: string | null;
  signedOut: boolean;
  callbackUrl: string | null;
  providers: { id: string; name: string }[];
  demoAccounts: DemoAccountView[];
}) {
  const styles = useStyles();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(props.initialError ? (props.errorMessages[props.initialError] ?? "Sign-in failed. Try again.") : null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await signInWithPassword(email, password, safeCallback(props.callbackUrl));
      if (result.ok) {
        window.location.assign(result.url);
        return;
      }
      setError(result.message ?? props.errorMessages[result.error] ?? "Sign-in failed. Try again.");
    } catch {
      setError("Rampart could not be reached. Check your connection and try again.");
    }
    setBusy(false);
  }

  return (
    <AuthCard
      title="Sign in"
      subtitle="to your Rampart workspace"
      after={
        props.demoAccounts.length ? (
          <section className={styles.demo} aria-label="Demo accounts">
            <Text weight="semibold" block>
              Demo mode
            </Text>
            <Text size={200} block>
              This server runs with demo accounts for every role (it listens on this machine only). Choose one to fill the form.
            </Text>
            <ul className={styles.demoList}>
              {props.demoAccounts.map((a) => (
                <li key={a.email} className={styles.demoItem}>
                  <div>
                    <Text weight="semibold" block>
                      {a.role}
                    </Text>
                    <span className={styles.mono}>{a.email}</span>
                    <span className={styles.mono}> · {a.password}</span>
                  </div>
                  <Button
                    size="small"
                    aria-label={`Use the ${a.role} demo account`}
                    onClick={() => {
                      setEmail(a.email);
                      setPassword(a.password);
                    }}
                  >
                    Use
                  </Button>
                </li>
              ))}
            </ul>
          </section>
        ) : null
      }
    >
      {props.signedOut && !error ? (
        <MessageBar intent="success">
          <MessageBarBody>You are signed out.</MessageBarBody>
        </MessageBar>
      ) : null}
      {error ? (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>
            <MessageBarTitle>Not signed in</MessageBarTitle>
            {error}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <form className={styles.form} onSubmit={submit}>
        <Field label="Email" required>
          <Input type="email" name="email" autoComplete="username" value={email} onChange={(_, d) => setEmail(d.value)} />
        </Field>
        <Field label="Password" required>
          <Input type="password" name="password" autoComplete="current-password" value={password} onChange={(_, d) => setPassword(d.value)} />
        </Field>
        <Button appearance="primary" type="submit" disabled={busy || !email || !password}>
          {busy ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {props.providers.length ? (
        <>
          <Divider>or</Divider>
          {props.providers.map((p) => (
            <Button key={p.id} onClick={() => void signIn(p.id, { callbackUrl: safeCallback(props.callbackUrl) })}>
              Sign in with {p.name}
            </Button>
          ))}
        </>
      ) : null}
    </AuthCard>
  );
}
