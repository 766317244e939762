"use client";

import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  Spinner,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import type { RoleName } from "@/lib/auth/permissions";
import type { SubscriptionView } from "@/lib/schemas/subscriptions";
import { createUserInput, PASSWORD_MIN, type UserView } from "@/lib/schemas/users";
import { errorFor, fieldValidation, zodFieldErrors } from "@/components/common/api";
import { useApiForm } from "@/components/common/use-api-form";
import { ProblemBar } from "@/components/common/ProblemBar";
import { RoleScopeFields } from "./RoleScopeFields";
import { scopeFromKey, type ConnectorScopeOption } from "./scope-options";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: "12px" },
});

interface Values {
  email: string;
  name: string;
  password: string;
  role: RoleName;
  scopeKey: string;
}

const EMPTY: Values = { email: "", name: "", password: "", role: "SECURITY_READER", scopeKey: "WORKSPACE" };

export interface CreatedUser {
  user: UserView;
  generatedPassword: string | null;
}

export interface CreateUserDialogProps {
  open: boolean;
  subscriptions: readonly SubscriptionView[];
  connectors: readonly ConnectorScopeOption[];
  onClose: () => void;
  onCreated: (result: CreatedUser) => void;
}

/** A new local account with its first role; without a password the server generates one. */
export function CreateUserDialog({ open, subscriptions, connectors, onClose, onCreated }: CreateUserDialogProps) {
  const styles = useStyles();
  const [values, setValues] = useState<Values>(EMPTY);
  const { errors, setErrors, problem, setProblem, busy, send, clear } = useApiForm();

  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));

  function close() {
    if (busy) return;
    setValues(EMPTY);
    clear();
    onClose();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const parsed = createUserInput.safeParse({
      email: values.email,
      name: values.name,
      password: values.password === "" ? undefined : values.password,
      roleAssignments: [{ role: values.role, scope: scopeFromKey(values.scopeKey) }],
    });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      return;
    }
    const result = await send<CreatedUser>("POST", "/api/users", parsed.data);
    if (!result) return;
    setValues(EMPTY);
    onCreated(result.data);
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(_e, data) => {
        if (!data.open) close();
      }}
    >
      <DialogSurface>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>New user</DialogTitle>
            <DialogContent className={styles.form}>
              <ProblemBar problem={problem} />
              <Field label="Email" required {...fieldValidation(errors, "email")}>
                <Input type="email" autoComplete="off" value={values.email} disabled={busy} onChange={(_e, d) => set("email", d.value)} />
              </Field>
              <Field label="Name" required {...fieldValidation(errors, "name")}>
                <Input autoComplete="off" value={values.name} disabled={busy} onChange={(_e, d) => set("name", d.value)} />
              </Field>
              <Field
                label="Password"
                hint={`Optional. Leave empty to generate one, shown once after the user is created. At least ${PASSWORD_MIN} characters.`}
                {...fieldValidation(errors, "password")}
              >
                <Input type="password" autoComplete="new-password" value={values.password} disabled={busy} onChange={(_e, d) => set("password", d.value)} />
              </Field>
              <RoleScopeFields
                roleLabel="Initial role"
                role={values.role}
                scopeKey={values.scopeKey}
                onRoleChange={(role) => set("role", role)}
                onScopeChange={(key) => set("scopeKey", key)}
                subscriptions={subscriptions}
                connectors={connectors}
                roleError={errorFor(errors, "roleAssignments.0.role")}
                scopeError={errorFor(errors, "roleAssignments.0.scope") ?? errors.roleAssignments}
                disabled={busy}
              />
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" type="submit" disabled={busy} icon={busy ? <Spinner size="tiny" /> : undefined}>
                {busy ? "Creating…" : "Create user"}
              </Button>
              <Button appearance="secondary" disabled={busy} onClick={close}>
                Cancel
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
