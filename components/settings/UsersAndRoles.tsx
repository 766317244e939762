"use client";

import {
  Badge,
  Button,
  makeStyles,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  ToolbarButton,
  Tooltip,
  tokens,
} from "@fluentui/react-components";
import {
  Dismiss12Regular,
  Key16Regular,
  PersonAdd20Regular,
  PersonAvailable16Regular,
  PersonKey16Regular,
  PersonProhibited16Regular,
} from "@fluentui/react-icons";
import { ListToolbar } from "@/components/common/ListToolbar";
import { usePanelStyles } from "@/components/common/panel-styles";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ROLE_LABELS, SCOPE_LABELS } from "@/lib/auth/permissions";
import type { SubscriptionView } from "@/lib/schemas/subscriptions";
import type { RoleAssignmentView, UserView } from "@/lib/schemas/users";
import { callApi, type Problem } from "@/components/common/api";
import { AssignRoleDialog } from "./AssignRoleDialog";
import { ConfirmDialog } from "@/components/common/ConfirmDialog";
import { CreateUserDialog, type CreatedUser } from "./CreateUserDialog";
import { GeneratedPasswordDialog } from "./GeneratedPasswordDialog";
import { LocalTime } from "@/components/common/LocalTime";
import { ProblemBar } from "@/components/common/ProblemBar";
import type { ConnectorScopeOption } from "./scope-options";
import { SuccessNotice } from "@/components/common/SuccessNotice";

const useStyles = makeStyles({
  table: { minWidth: "1100px" },
  nameCell: { display: "flex", alignItems: "center", gap: "6px" },
  disabledRow: { color: tokens.colorNeutralForeground3 },
  muted: { color: tokens.colorNeutralForeground3 },
  ellipsis: { display: "block", overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" },
  noRole: { color: tokens.colorPaletteDarkOrangeForeground1, fontStyle: "italic" },
  chips: { display: "flex", flexWrap: "wrap", gap: "4px", listStyleType: "none", margin: "0", padding: "4px 0" },
  chip: {
    display: "inline-flex",
    alignItems: "center",
    gap: "2px",
    paddingLeft: "8px",
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    whiteSpace: "nowrap",
    maxWidth: "100%",
  },
  chipRole: { fontWeight: tokens.fontWeightSemibold, flexShrink: 0 },
  chipScope: { whiteSpace: "normal", overflowWrap: "anywhere", minWidth: 0 },
  chipRemove: { minWidth: "20px", height: "20px", padding: "0", flexShrink: 0 },
  actions: { display: "flex", gap: "4px", flexWrap: "nowrap" },
  colName: { width: "17%" },
  colEmail: { width: "22%" },
  colStatus: { width: "84px" },
  colRoles: {},
  colSignIn: { width: "110px" },
  colActions: { width: "220px" },
});

export interface UsersAndRolesProps {
  users: UserView[];
  subscriptions: SubscriptionView[];
  /** Connectors roles can be scoped to; none exist yet. */
  connectors?: ConnectorScopeOption[];
  currentUserId: string;
}

type Confirm = { kind: "remove"; user: UserView; assignment: RoleAssignmentView } | { kind: "disable"; user: UserView };

const assignmentText = (a: RoleAssignmentView) => `${ROLE_LABELS[a.role]} · ${a.scope.name}`;

export function UsersAndRoles({ users, subscriptions, connectors = [], currentUserId }: UsersAndRolesProps) {
  const styles = useStyles();
  const panel = usePanelStyles();
  const router = useRouter();
  const [refreshing, startRefresh] = useTransition();
  const [createOpen, setCreateOpen] = useState(false);
  const [assignTo, setAssignTo] = useState<UserView | null>(null);
  const [credentials, setCredentials] = useState<{ email: string; password: string } | null>(null);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [confirmBusy, setConfirmBusy] = useState(false);
  const [confirmProblem, setConfirmProblem] = useState<Problem | null>(null);
  const [enablingId, setEnablingId] = useState<string | null>(null);
  const [pageProblem, setPageProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const refresh = () => startRefresh(() => router.refresh());

  function done(message: string) {
    setPageProblem(null);
    setNotice(message);
    refresh();
  }

  function onCreated({ user, generatedPassword }: CreatedUser) {
    setCreateOpen(false);
    if (generatedPassword) setCredentials({ email: user.email, password: generatedPassword });
    done(`Created ${user.email}.`);
  }

  function onAssigned(user: UserView, assignment: RoleAssignmentView) {
    setAssignTo(null);
    done(`Assigned ${ROLE_LABELS[assignment.role]} on ${assignment.scope.name} to ${user.email}.`);
  }

  function closeConfirm() {
    if (confirmBusy) return;
    setConfirm(null);
    setConfirmProblem(null);
  }

  async function runConfirm() {
    if (!confirm) return;
    setConfirmBusy(true);
    setConfirmProblem(null);
    const result =
      confirm.kind === "remove"
        ? await callApi<null>("DELETE", `/api/role-assignments/${encodeURIComponent(confirm.assignment.id)}`)
        : await callApi<{ user: UserView }>("PATCH", `/api/users/${encodeURIComponent(confirm.user.id)}`, { disabled: true });
    setConfirmBusy(false);
    if (!result.ok) {
      setConfirmProblem(result.problem);
      return;
    }
    setConfirm(null);
    done(
      confirm.kind === "remove"
        ? `Removed ${assignmentText(confirm.assignment)} from ${confirm.user.email}.`
        : `Disabled ${confirm.user.email} and signed them out.`,
    );
  }

  async function enable(user: UserView) {
    setEnablingId(user.id);
    setPageProblem(null);
    const result = await callApi<{ user: UserView }>("PATCH", `/api/users/${encodeURIComponent(user.id)}`, { disabled: false });
    setEnablingId(null);
    if (!result.ok) {
      setNotice(null);
      setPageProblem(result.problem);
      return;
    }
    done(`Enabled ${user.email}. They can sign in again.`);
  }

  const anyBusy = confirmBusy || enablingId !== null;

  return (
    <div className={panel.stack}>
      <ProblemBar problem={pageProblem} />
      <SuccessNotice message={notice} onDismiss={() => setNotice(null)} />
      <div className={panel.panel}>
        <ListToolbar label="User commands" refreshing={refreshing} onRefresh={refresh} count={<>{users.length === 1 ? "1 user" : `${users.length} users`}</>}>
          <ToolbarButton appearance="subtle" icon={<PersonAdd20Regular />} onClick={() => setCreateOpen(true)}>
            New user
          </ToolbarButton>
        </ListToolbar>
        <Table size="small" aria-label="Users" className={styles.table}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell className={styles.colName}>Name</TableHeaderCell>
              <TableHeaderCell className={styles.colEmail}>Email</TableHeaderCell>
              <TableHeaderCell className={styles.colStatus}>Status</TableHeaderCell>
              <TableHeaderCell className={styles.colRoles}>Role assignments</TableHeaderCell>
              <TableHeaderCell className={styles.colSignIn}>Last sign-in</TableHeaderCell>
              <TableHeaderCell className={styles.colActions}>Actions</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {users.map((user) => {
              const isYou = user.id === currentUserId;
              return (
                <TableRow key={user.id} className={user.disabled ? styles.disabledRow : undefined}>
                  <TableCell>
                    <span className={styles.nameCell}>
                      <Text weight="semibold">{user.name}</Text>
                      {isYou ? (
                        <Badge appearance="outline" color="brand" size="small">
                          You
                        </Badge>
                      ) : null}
                      {!user.hasPassword ? (
                        <Tooltip content="Signs in with an external account only (no password)" relationship="label">
                          <Key16Regular className={styles.muted} />
                        </Tooltip>
                      ) : null}
                    </span>
                  </TableCell>
                  <TableCell>
                    <span className={styles.ellipsis} title={user.email}>
                      {user.email}
                    </span>
                  </TableCell>
                  <TableCell>
                    {user.disabled ? (
                      <Badge appearance="tint" color="danger">
                        Disabled
                      </Badge>
                    ) : (
                      <Badge appearance="tint" color="success">
                        Active
                      </Badge>
                    )}
                  </TableCell>
                  <TableCell>
                    {user.roleAssignments.length === 0 ? (
                      <Text size={200} className={styles.noRole}>
                        No role: sees nothing
                      </Text>
                    ) : (
                      <ul className={styles.chips} aria-label={`Role assignments of ${user.name}`}>
                        {user.roleAssignments.map((a) => (
                          <li key={a.id} className={styles.chip} title={`${ROLE_LABELS[a.role]} on ${SCOPE_LABELS[a.scope.type].toLowerCase()} ${a.scope.name}`}>
                            <span className={styles.chipRole}>{ROLE_LABELS[a.role]}</span>
                            <span className={styles.chipScope}>· {a.scope.name}</span>
                            <Button
                              appearance="transparent"
                              size="small"
                              className={styles.chipRemove}
                              icon={<Dismiss12Regular />}
                              aria-label={`Remove ${ROLE_LABELS[a.role]} on ${a.scope.name} from ${user.name}`}
                              disabled={anyBusy}
                              onClick={() => setConfirm({ kind: "remove", user, assignment: a })}
                            />
                          </li>
                        ))}
                      </ul>
                    )}
                  </TableCell>
                  <TableCell>{user.lastSignInAt ? <LocalTime iso={user.lastSignInAt} format="relative" /> : <span className={styles.muted}>Never</span>}</TableCell>
                  <TableCell>
                    <span className={styles.actions}>
                      <Button size="small" appearance="subtle" icon={<PersonKey16Regular />} disabled={anyBusy} onClick={() => setAssignTo(user)}>
                        Assign role
                      </Button>
                      {user.disabled ? (
                        <Button
                          size="small"
                          appearance="subtle"
                          icon={enablingId === user.id ? <Spinner size="extra-tiny" /> : <PersonAvailable16Regular />}
                          disabled={anyBusy}
                          onClick={() => void enable(user)}
                        >
                          Enable
                        </Button>
                      ) : isYou ? (
                        <Tooltip content="You cannot disable your own account." relationship="description">
                          <Button size="small" appearance="subtle" icon={<PersonProhibited16Regular />} disabledFocusable>
                            Disable
                          </Button>
                        </Tooltip>
                      ) : (
                        <Button
                          size="small"
                          appearance="subtle"
                          icon={<PersonProhibited16Regular />}
                          disabled={anyBusy}
                          onClick={() => setConfirm({ kind: "disable", user })}
                        >
                          Disable
                        </Button>
                      )}
                    </span>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>

      <CreateUserDialog open={createOpen} subscriptions={subscriptions} connectors={connectors} onClose={() => setCreateOpen(false)} onCreated={onCreated} />
      <AssignRoleDialog user={assignTo} subscriptions={subscriptions} connectors={connectors} onClose={() => setAssignTo(null)} onAssigned={onAssigned} />
      <GeneratedPasswordDialog credentials={credentials} onClose={() => setCredentials(null)} />
      <ConfirmDialog
        open={confirm !== null}
        title={confirm?.kind === "disable" ? "Disable user" : "Remove role assignment"}
        confirmLabel={confirm?.kind === "disable" ? "Disable user" : "Remove"}
        destructive
        busy={confirmBusy}
        problem={confirmProblem}
        onConfirm={() => void runConfirm()}
        onCancel={closeConfirm}
      >
        {confirm ? <ConfirmText confirm={confirm} currentUserId={currentUserId} /> : null}
      </ConfirmDialog>
    </div>
  );
}

function ConfirmText({ confirm, currentUserId }: { confirm: Confirm; currentUserId: string }) {
  const { user } = confirm;
  if (confirm.kind === "disable") {
    return (
      <Text as="p">
        Disable <strong>{user.name}</strong> ({user.email})? They are signed out of every session at once and cannot sign in
        until an Owner enables them again, and the API tokens they created stop working until then. Their role assignments are kept.
      </Text>
    );
  }
  const { assignment } = confirm;
  const ownRole = user.id === currentUserId;
  return (
    <Text as="p">
      Remove the <strong>{ROLE_LABELS[assignment.role]}</strong> role on <strong>{assignment.scope.name}</strong>
      {assignment.scope.type === "WORKSPACE" ? "" : ` (${SCOPE_LABELS[assignment.scope.type].toLowerCase()})`} from{" "}
      <strong>{user.name}</strong> ({user.email})? It applies from their next request.
      {ownRole ? " This is your own role: you may lose access to this page." : ""}
    </Text>
  );
}
