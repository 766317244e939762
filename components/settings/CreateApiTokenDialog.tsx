"use client";

import {
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Radio,
  RadioGroup,
  Spinner,
  Text,
  tokens,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import { API_TOKEN_PERMISSION_DESCRIPTIONS, API_TOKEN_PERMISSION_LABELS, API_TOKEN_PERMISSIONS, type ApiTokenPermissionName } from "@/lib/auth/permissions";
import { API_TOKEN_DEFAULT_DAYS, API_TOKEN_EXPIRY_CHOICES, API_TOKEN_MAX_DAYS, createApiTokenInput, type CreatedApiToken } from "@/lib/schemas/api-tokens";
import type { SubscriptionView } from "@/lib/schemas/subscriptions";
import { fieldValidation, zodFieldErrors } from "@/components/common/api";
import { useApiForm } from "@/components/common/use-api-form";
import { CopyableSecret } from "@/components/common/CopyableSecret";
import { ProblemBar } from "@/components/common/ProblemBar";
import { scopeFromKey, type ConnectorScopeOption } from "./scope-options";
import { ScopeDropdown } from "./ScopeDropdown";

const useStyles = makeStyles({
  surface: { maxWidth: "640px" },
  form: { display: "flex", flexDirection: "column", gap: "12px" },
  radioLabel: { display: "flex", flexDirection: "column", gap: "2px" },
  description: { color: tokens.colorNeutralForeground3 },
  expiry: { display: "flex", gap: "8px", alignItems: "flex-start", flexWrap: "wrap" },
  expiryChoice: { minWidth: "180px" },
  example: {
    margin: 0,
    padding: "8px 12px",
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    whiteSpace: "pre-wrap",
    overflowWrap: "anywhere",
  },
});

const DAY_MS = 24 * 3600_000;
const CUSTOM = "custom";

interface Values {
  name: string;
  permission: ApiTokenPermissionName;
  scopeKeys: string[];
  /** Days as a string ("90"), or "custom" for `date`. */
  expiry: string;
  /** YYYY-MM-DD, for a custom expiry. */
  date: string;
}

/** The request fields each form value feeds: editing a value clears their messages. */
const FIELDS: Record<keyof Values, string[]> = {
  name: ["name"],
  permission: ["permission"],
  scopeKeys: ["scopes"],
  expiry: ["expiresInDays", "expiresAt"],
  date: ["expiresInDays", "expiresAt"],
};

const EMPTY: Values = { name: "", permission: "READ", scopeKeys: [], expiry: String(API_TOKEN_DEFAULT_DAYS), date: "" };

/** A local calendar date as YYYY-MM-DD, `days` after today. */
function localDate(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** Whole days from today to a YYYY-MM-DD date (local calendar); null for no date. */
function daysUntil(date: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const today = new Date();
  const from = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return Math.round((Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) - from) / DAY_MS);
}

/** "Mar 31, 2027" for a YYYY-MM-DD date. */
const longDate = (date: string) => new Date(`${date}T12:00:00`).toLocaleDateString(undefined, { dateStyle: "medium" });

const dateTime = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

export interface CreateApiTokenDialogProps {
  open: boolean;
  subscriptions: readonly SubscriptionView[];
  connectors: readonly ConnectorScopeOption[];
  /** The scopes the caller may give a token (where they hold tokens.manage). */
  allowedScopeKeys: ReadonlySet<string>;
  onClose: () => void;
  /** After the token has been shown and the dialog is closed. */
  onCreated: (created: CreatedApiToken) => void;
}

/**
 * A new API token: name, permission, scope and expiry; then the token, shown this once
 * with a Copy button. Closing the second step is the only way out of it.
 */
export function CreateApiTokenDialog({ open, subscriptions, connectors, allowedScopeKeys, onClose, onCreated }: CreateApiTokenDialogProps) {
  const styles = useStyles();
  const [values, setValues] = useState<Values>(EMPTY);
  const { errors, setErrors, problem, setProblem, busy, send, clear } = useApiForm();
  const [created, setCreated] = useState<CreatedApiToken | null>(null);

  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([path]) => !FIELDS[key].some((f) => path === f || path.startsWith(`${f}.`)))));
  };
  const days = values.expiry === CUSTOM ? daysUntil(values.date) : Number(values.expiry);

  function reset() {
    setValues(EMPTY);
    clear();
    setCreated(null);
  }

  function close() {
    if (busy) return;
    const done = created;
    reset();
    if (done) onCreated(done);
    else onClose();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    if (values.expiry === CUSTOM && (days === null || days < 1 || days > API_TOKEN_MAX_DAYS)) {
      setErrors({ expiresInDays: `Choose a date between ${localDate(1)} and ${localDate(API_TOKEN_MAX_DAYS)}.` });
      return;
    }
    const parsed = createApiTokenInput.safeParse({
      name: values.name,
      permission: values.permission,
      scopes: values.scopeKeys.map(scopeFromKey),
      expiresInDays: days ?? undefined,
    });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      return;
    }
    const result = await send<CreatedApiToken>("POST", "/api/api-tokens", parsed.data);
    if (!result) return;
    setCreated(result.data);
  }

  return (
    <Dialog
      open={open}
      // Once the token is shown, only Done closes the dialog: a stray click must not lose it.
      modalType={created ? "alert" : "modal"}
      onOpenChange={(_e, data) => {
        if (!data.open) close();
      }}
    >
      <DialogSurface className={styles.surface}>
        {created ? (
          <DialogBody>
            <DialogTitle>API token created</DialogTitle>
            <DialogContent className={styles.form}>
              <Text>
                <strong>{created.apiToken.name}</strong> ({API_TOKEN_PERMISSION_LABELS[created.apiToken.permission]}) works on{" "}
                {created.apiToken.scopes.map((s) => s.name).join(", ")} until {dateTime(Date.parse(created.apiToken.expiresAt))}.
              </Text>
              <MessageBar intent="warning" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>Copy it now</MessageBarTitle>
                  You will not see this token again: Rampart keeps only a hash of it. If it is lost, revoke it and create another.
                </MessageBarBody>
              </MessageBar>
              <CopyableSecret label="API token" noun="API token" value={created.token} />
              <Text>
                Send it in the <code>Authorization</code> header of requests to <code>/api/v1</code>
                {created.apiToken.permission === "READ" ? ", for example:" : ". Keep it in your pipeline's secret variables (e.g. RAMPART_TOKEN) for uploads."}
              </Text>
              {created.apiToken.permission === "READ" ? (
                <pre className={styles.example} aria-label="Example request">
                  {`curl -H "Authorization: Bearer $RAMPART_TOKEN" ${window.location.origin}/api/v1/repositories`}
                </pre>
              ) : null}
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" onClick={close}>
                Done
              </Button>
            </DialogActions>
          </DialogBody>
        ) : (
          <form onSubmit={submit} noValidate>
            <DialogBody>
              <DialogTitle>New API token</DialogTitle>
              <DialogContent className={styles.form}>
                <ProblemBar problem={problem} />
                <Field label="Name" required hint="What the token is for, e.g. “payments pipeline”." {...fieldValidation(errors, "name")}>
                  <Input autoComplete="off" value={values.name} maxLength={100} disabled={busy} onChange={(_e, d) => set("name", d.value)} />
                </Field>
                <Field label="Permission" required {...fieldValidation(errors, "permission")}>
                  <RadioGroup value={values.permission} disabled={busy} onChange={(_e, d) => set("permission", d.value as ApiTokenPermissionName)}>
                    {API_TOKEN_PERMISSIONS.map((p) => (
                      <Radio
                        key={p}
                        value={p}
                        label={
                          <span className={styles.radioLabel}>
                            <span>{API_TOKEN_PERMISSION_LABELS[p]}</span>
                            <Caption1 className={styles.description}>{API_TOKEN_PERMISSION_DESCRIPTIONS[p]}</Caption1>
                          </span>
                        }
                      />
                    ))}
                  </RadioGroup>
                </Field>
                <Field
                  label="Scope"
                  required
                  hint="The token reaches only what is inside these. Choose the whole workspace, or any subscriptions, resource groups and connectors where you manage tokens."
                  {...fieldValidation(errors, "scopes")}
                >
                  <ScopeDropdown
                    multiselect
                    subscriptions={subscriptions}
                    connectors={connectors}
                    allowed={allowedScopeKeys}
                    selectedKeys={values.scopeKeys}
                    onChange={(keys) => set("scopeKeys", keys)}
                    disabled={busy}
                    placeholder="Choose where the token works"
                  />
                </Field>
                <div className={styles.expiry}>
                  <Field
                    label="Expiration"
                    required
                    className={styles.expiryChoice}
                    hint={days !== null && days >= 1 && days <= API_TOKEN_MAX_DAYS ? `Expires on ${longDate(localDate(days))}` : undefined}
                    {...(values.expiry === CUSTOM ? {} : fieldValidation(errors, "expiresInDays"))}
                  >
                    <Dropdown
                      value={values.expiry === CUSTOM ? "Custom date…" : `${values.expiry} days`}
                      selectedOptions={[values.expiry]}
                      disabled={busy}
                      onOptionSelect={(_e, d) => {
                        if (d.optionValue) set("expiry", d.optionValue);
                      }}
                    >
                      {API_TOKEN_EXPIRY_CHOICES.map((n) => (
                        <Option key={n} value={String(n)}>{`${n} days`}</Option>
                      ))}
                      <Option value={CUSTOM}>Custom date…</Option>
                    </Dropdown>
                  </Field>
                  {values.expiry === CUSTOM ? (
                    <Field label="Expires on" required hint={`At most ${API_TOKEN_MAX_DAYS} days from today.`} {...fieldValidation(errors, "expiresInDays")}>
                      <Input type="date" value={values.date} min={localDate(1)} max={localDate(API_TOKEN_MAX_DAYS)} disabled={busy} onChange={(_e, d) => set("date", d.value)} />
                    </Field>
                  ) : null}
                </div>
              </DialogContent>
              <DialogActions>
                <Button appearance="primary" type="submit" disabled={busy} icon={busy ? <Spinner size="tiny" /> : undefined}>
                  {busy ? "Creating…" : "Create token"}
                </Button>
                <Button appearance="secondary" disabled={busy} onClick={close}>
                  Cancel
                </Button>
              </DialogActions>
            </DialogBody>
          </form>
        )}
      </DialogSurface>
    </Dialog>
  );
}
