"use client";

import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  Spinner,
  Text,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import type { RoleName } from "@/lib/auth/permissions";
import type { SubscriptionView } from "@/lib/schemas/subscriptions";
import { roleAssignmentInput, type RoleAssignmentView, type UserView } from "@/lib/schemas/users";
import { errorFor, zodFieldErrors } from "@/components/common/api";
import { useApiForm } from "@/components/common/use-api-form";
import { ProblemBar } from "@/components/common/ProblemBar";
import { RoleScopeFields } from "./RoleScopeFields";
import { scopeFromKey, type ConnectorScopeOption } from "./scope-options";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: "12px" },
});

export interface AssignRoleDialogProps {
  /** The user to give a role to; null keeps the dialog closed. */
  user: UserView | null;
  subscriptions: readonly SubscriptionView[];
  connectors: readonly ConnectorScopeOption[];
  onClose: () => void;
  onAssigned: (user: UserView, assignment: RoleAssignmentView) => void;
}

/** Gives an existing user one more role at a scope. */
export function AssignRoleDialog({ user, subscriptions, connectors, onClose, onAssigned }: AssignRoleDialogProps) {
  const styles = useStyles();
  const [role, setRole] = useState<RoleName>("SECURITY_READER");
  const [scopeKey, setScopeKey] = useState("WORKSPACE");
  const { errors, setErrors, problem, setProblem, busy, send, clear } = useApiForm();

  function reset() {
    setRole("SECURITY_READER");
    setScopeKey("WORKSPACE");
    clear();
  }

  function close() {
    if (busy) return;
    reset();
    onClose();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!user) return;
    setProblem(null);
    const parsed = roleAssignmentInput.safeParse({ role, scope: scopeFromKey(scopeKey) });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      return;
    }
    const result = await send<{ roleAssignment: RoleAssignmentView }>("POST", `/api/users/${encodeURIComponent(user.id)}/role-assignments`, parsed.data);
    if (!result) return;
    reset();
    onAssigned(user, result.data.roleAssignment);
  }

  return (
    <Dialog
      open={user !== null}
      onOpenChange={(_e, data) => {
        if (!data.open) close();
      }}
    >
      <DialogSurface>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>Assign a role</DialogTitle>
            <DialogContent className={styles.form}>
              <Text>
                To <strong>{user?.name}</strong> ({user?.email}). It applies from their next request.
              </Text>
              <ProblemBar problem={problem} />
              <RoleScopeFields
                role={role}
                scopeKey={scopeKey}
                onRoleChange={setRole}
                onScopeChange={setScopeKey}
                subscriptions={subscriptions}
                connectors={connectors}
                roleError={errorFor(errors, "role")}
                scopeError={errorFor(errors, "scope")}
                disabled={busy}
              />
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" type="submit" disabled={busy} icon={busy ? <Spinner size="tiny" /> : undefined}>
                {busy ? "Assigning…" : "Assign role"}
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
