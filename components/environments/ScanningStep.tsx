"use client";

import {
  Button,
  Caption1,
  Field,
  mergeClasses,
  Input,
  makeStyles,
  Radio,
  RadioGroup,
  Switch,
  Text,
  tokens,
  useId,
} from "@fluentui/react-components";
import { Add16Regular, CheckmarkCircle12Regular, Dismiss16Regular, ErrorCircle12Filled, Warning12Regular } from "@fluentui/react-icons";
import { useState } from "react";
import { capitalize, errorFor, fieldValidation, type FieldErrors } from "@/components/common/api";
import type { ScannerList } from "@/lib/schemas/scans";
import {
  AUTODISCOVERY_UNAVAILABLE,
  SCANNERS,
  SCOPE_ENTRY_HINT,
  scopeEntryProblem,
  type ProviderName,
  type ScanningSettings,
  type ScopeMode,
} from "@/lib/schemas/connectors";
import { useApiGet } from "./use-api-get";
import { FieldError, ReadOnlyNote, useStepStyles } from "./wizard-parts";
import { withScopeMode } from "./wizard-model";

const useStyles = makeStyles({
  group: {
    display: "flex",
    flexDirection: "column",
    gap: "4px",
    padding: "12px 16px",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  scanner: { display: "flex", flexDirection: "column" },
  scannerText: { display: "flex", flexDirection: "column", gap: "2px", paddingLeft: "52px", marginTop: "-8px", marginBottom: "8px", minWidth: 0 },
  scannerCovers: { color: tokens.colorNeutralForeground2 },
  scannerFiles: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  availability: { display: "flex", alignItems: "flex-start", gap: "4px", overflowWrap: "anywhere" },
  availabilityIcon: { flexShrink: 0, marginTop: "3px" },
  installed: { color: tokens.colorPaletteGreenForeground1 },
  missing: { color: tokens.colorPaletteDarkOrangeForeground1 },
  checking: { color: tokens.colorNeutralForeground3 },
  intervals: { display: "flex", flexWrap: "wrap", columnGap: "8px" },
  addRow: { display: "flex", alignItems: "flex-start", gap: "8px" },
  addField: { flexGrow: 1, maxWidth: "480px" },
  addButton: { marginTop: "26px" },
  entries: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    maxWidth: "560px",
    maxHeight: "320px",
    overflowY: "auto",
  },
  entry: {
    display: "flex",
    flexDirection: "column",
    padding: "4px 4px 4px 12px",
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    ":last-child": { borderBottom: "none" },
  },
  entryLine: { display: "flex", alignItems: "center", gap: "8px" },
  entryText: { flexGrow: 1, fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: "anywhere" },
  entryError: { display: "flex", alignItems: "center", gap: "4px", color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200 },
  empty: { color: tokens.colorNeutralForeground3 },
  off: { color: tokens.colorNeutralForeground3 },
});

export interface ScanningStepProps {
  provider: ProviderName;
  scanning: ScanningSettings;
  onChange: (scanning: ScanningSettings) => void;
  /** Keys like "scanning.scopeEntries.2". */
  errors: FieldErrors;
  readOnly: boolean;
}

/** "Scan every": seed 001 scans every 2 to 4 days; Rampart scans daily unless told otherwise. */
export const INTERVAL_CHOICES = [
  { days: 1, label: "1 day (daily)" },
  { days: 2, label: "2 days" },
  { days: 3, label: "3 days" },
  { days: 4, label: "4 days" },
] as const;

export const SCOPE_MODE_TEXT: Record<ScopeMode, { label: string; description: string }> = {
  EXCLUSION: { label: "Exclusion mode", description: "Scan everything except what you list." },
  INCLUSION: { label: "Inclusion mode", description: "Only scan what you list." },
};

/** Step 4: agentless code scanning: scanners, scope (exclusion or inclusion list) and autodiscovery (seed 001). */
export function ScanningStep({ provider, scanning, onChange, errors, readOnly }: ScanningStepProps) {
  const styles = useStyles();
  const step = useStepStyles();
  const ids = useId("scanning");
  const set = (patch: Partial<ScanningSettings>) => onChange({ ...scanning, ...patch });
  // What this server can run: shown beside each scanner (a missing one stays selectable).
  const availability = useApiGet<ScannerList>(scanning.enabled ? "/api/v1/scanners" : null);

  return (
    <div className={step.body}>
      {readOnly ? <ReadOnlyNote>Only Owners, Contributors and Security Admins change scanning settings.</ReadOnlyNote> : null}
      <p className={step.intro}>
        Agentless code scanning reads the default branch of each repository in scope after the connector is created and then every few
        days, and reports code and infrastructure-as-code findings. Nothing is installed in your pipelines.
      </p>
      <Switch
        label="Agentless code scanning"
        checked={scanning.enabled}
        disabled={readOnly}
        onChange={(_e, data) => set({ enabled: data.checked })}
      />
      <FieldError message={errors["scanning.enabled"]} />
      {!scanning.enabled ? (
        <>
          <Text className={styles.off}>
            Off: repositories are still discovered and their posture assessed, but their code is not scanned. The scanners and scope you
            set are kept for when you turn it on again.
          </Text>
          {/* The settings are hidden while off; their problems are not. */}
          {Object.entries(errors)
            .filter(([k]) => k.startsWith("scanning.") && k !== "scanning.enabled")
            .map(([k, v]) => (
              <FieldError key={k} message={v} />
            ))}
        </>
      ) : (
        <>
          <section className={step.section} aria-labelledby={`${ids}-scanners`}>
            <Text as="h3" id={`${ids}-scanners`} weight="semibold" className={step.sectionTitle}>
              Scanners
            </Text>
            <div className={styles.group}>
              {SCANNERS.map((s) => {
                const found = availability.data?.items.find((a) => a.id === s.id);
                return (
                  <div key={s.id} className={styles.scanner}>
                    <Switch
                      label={s.label}
                      checked={scanning.scanners.includes(s.id)}
                      disabled={readOnly}
                      aria-describedby={`${ids}-covers-${s.id} ${ids}-available-${s.id}`}
                      onChange={(_e, data) =>
                        set({ scanners: data.checked ? [...scanning.scanners.filter((x) => x !== s.id), s.id] : scanning.scanners.filter((x) => x !== s.id) })
                      }
                    />
                    <span className={styles.scannerText}>
                      <Caption1 id={`${ids}-covers-${s.id}`} className={styles.scannerCovers}>
                        {s.covers}
                        {found ? <span className={styles.scannerFiles}> · reads {found.looksAt}</span> : null}
                      </Caption1>
                      <Caption1 id={`${ids}-available-${s.id}`} className={styles.availability}>
                        {found ? (
                          found.installed ? (
                            <>
                              <CheckmarkCircle12Regular aria-hidden className={mergeClasses(styles.availabilityIcon, styles.installed)} />
                              <span>Installed on this server{found.version ? `: version ${found.version}` : ""}</span>
                            </>
                          ) : (
                            <>
                              <Warning12Regular aria-hidden className={mergeClasses(styles.availabilityIcon, styles.missing)} />
                              <span className={styles.missing}>
                                Not installed on this server{found.reason ? `: ${found.reason}` : ""}. You may keep it selected: each scan reports it as not
                                installed until it is installed where scans run.
                              </span>
                            </>
                          )
                        ) : availability.problem ? (
                          <span className={styles.checking}>Whether this server has it could not be checked ({availability.problem.detail}).</span>
                        ) : (
                          <span className={styles.checking}>Checking whether this server has it…</span>
                        )}
                      </Caption1>
                    </span>
                  </div>
                );
              })}
            </div>
            <Caption1 className={step.muted}>
              Turning a scanner off stops it from the next scan on: the open findings it made are marked not scanned (not fixed), and come back if it is
              turned on again and still finds them.
            </Caption1>
            <FieldError message={errorFor(errors, "scanning.scanners")} />
          </section>

          <section className={step.section} aria-labelledby={`${ids}-schedule`}>
            <Text as="h3" id={`${ids}-schedule`} weight="semibold" className={step.sectionTitle}>
              Schedule
            </Text>
            <Field
              label="Scan every"
              hint="Each repository in scope is scanned once discovery finds it, then again when this long has passed since its last scan. Scan now on a repository's page scans it at once."
              {...fieldValidation(errors, "scanning.intervalDays")}
            >
              <RadioGroup
                layout="horizontal"
                className={styles.intervals}
                value={String(scanning.intervalDays)}
                disabled={readOnly}
                onChange={(_e, data) => set({ intervalDays: Number(data.value) })}
              >
                {INTERVAL_CHOICES.map((c) => (
                  <Radio key={c.days} value={String(c.days)} label={c.label} />
                ))}
              </RadioGroup>
            </Field>
          </section>

          <section className={step.section} aria-labelledby={`${ids}-scope`}>
            <Text as="h3" id={`${ids}-scope`} weight="semibold" className={step.sectionTitle}>
              Scanning scope
            </Text>
            <Field label="Scope mode" {...fieldValidation(errors, "scanning.scopeMode")}>
              <RadioGroup
                value={scanning.scopeMode}
                disabled={readOnly}
                onChange={(_e, data) => {
                  if (data.value === "EXCLUSION" || data.value === "INCLUSION") onChange(withScopeMode(scanning, data.value));
                }}
              >
                {(["EXCLUSION", "INCLUSION"] as const).map((mode) => (
                  <div key={mode} className={step.option}>
                    <Radio value={mode} label={SCOPE_MODE_TEXT[mode].label} aria-describedby={`${ids}-mode-${mode}`} />
                    <Caption1 id={`${ids}-mode-${mode}`} className={step.optionDescription}>
                      {SCOPE_MODE_TEXT[mode].description}
                    </Caption1>
                  </div>
                ))}
              </RadioGroup>
            </Field>
            <ScopeEntriesEditor provider={provider} scanning={scanning} onChange={onChange} errors={errors} readOnly={readOnly} />
          </section>

          <section className={step.section} aria-labelledby={`${ids}-discovery`}>
            <Text as="h3" id={`${ids}-discovery`} weight="semibold" className={step.sectionTitle}>
              New repositories
            </Text>
            <Field
              hint={
                scanning.scopeMode === "INCLUSION"
                  ? AUTODISCOVERY_UNAVAILABLE
                  : "New repositories inside the connector's scope are found by the next discovery and scanned automatically. On by default when you list nothing to exclude."
              }
              {...fieldValidation(errors, "scanning.autodiscovery")}
            >
              <Switch
                label="Auto-discover new repositories"
                checked={scanning.scopeMode === "INCLUSION" ? false : scanning.autodiscovery}
                disabled={readOnly || scanning.scopeMode === "INCLUSION"}
                onChange={(_e, data) => set({ autodiscovery: data.checked })}
              />
            </Field>
          </section>
        </>
      )}
    </div>
  );
}

/** The scope list: type an entry (checked as you type), Add it, remove entries. */
function ScopeEntriesEditor({ provider, scanning, onChange, errors, readOnly }: ScanningStepProps) {
  const styles = useStyles();
  const listId = useId("scope-entries");
  const [draft, setDraft] = useState("");
  const [attempted, setAttempted] = useState(false);
  const value = draft.trim();
  const duplicate = value !== "" && scanning.scopeEntries.some((e) => e.trim().toLowerCase() === value.toLowerCase());
  const typedProblem =
    value === ""
      ? attempted
        ? `Enter ${SCOPE_ENTRY_HINT[provider]}`
        : undefined
      : (() => {
          const problem = scopeEntryProblem(provider, value);
          if (problem) return capitalize(problem);
          if (duplicate) return `"${value}" is already listed`;
          if (value.length > 300) return "Must be at most 300 characters";
          return undefined;
        })();
  const listError = errors["scanning.scopeEntries"];
  const exclusion = scanning.scopeMode === "EXCLUSION";

  function add(event?: { preventDefault: () => void }) {
    event?.preventDefault();
    setAttempted(true);
    if (value === "" || typedProblem) return;
    onChange({ ...scanning, scopeEntries: [...scanning.scopeEntries, value] });
    setDraft("");
    setAttempted(false);
  }

  function remove(index: number) {
    onChange({ ...scanning, scopeEntries: scanning.scopeEntries.filter((_, i) => i !== index) });
  }

  const message = typedProblem ?? listError;
  return (
    <>
      {readOnly ? null : (
        <div className={styles.addRow}>
          <Field
            className={styles.addField}
            label="Scope entry"
            hint={`Enter ${SCOPE_ENTRY_HINT[provider]}, then Add entry. ${exclusion ? "Listed entries are not scanned." : "Only listed entries are scanned."}`}
            {...(message ? { validationState: "error" as const, validationMessage: message } : {})}
          >
            <Input
              value={draft}
              maxLength={320}
              autoComplete="off"
              spellCheck={false}
              onChange={(_e, data) => {
                setDraft(data.value);
                if (data.value.trim() !== "") setAttempted(false);
              }}
              onKeyDown={(e) => {
                if (e.key === "Enter") add(e);
              }}
            />
          </Field>
          <Button className={styles.addButton} icon={<Add16Regular />} onClick={() => add()}>
            Add entry
          </Button>
        </div>
      )}
      <Text as="h4" id={listId} weight="semibold" size={300} className={styles.empty}>
        {exclusion ? "Excluded from scanning" : "Scanned"} ({scanning.scopeEntries.length})
      </Text>
      {scanning.scopeEntries.length === 0 ? (
        <Text className={styles.empty}>
          {exclusion ? "Nothing is excluded: every repository in the connector's scope is scanned." : "Nothing is listed yet: add at least one entry to scan."}
        </Text>
      ) : (
        <ul className={styles.entries} aria-labelledby={listId}>
          {scanning.scopeEntries.map((entry, i) => {
            const problem = errors[`scanning.scopeEntries.${i}`];
            return (
              <li key={`${i}:${entry}`} className={styles.entry}>
                <span className={styles.entryLine}>
                  <span className={styles.entryText}>{entry}</span>
                  {readOnly ? null : (
                    <Button size="small" appearance="subtle" icon={<Dismiss16Regular />} aria-label={`Remove ${entry}`} title="Remove" onClick={() => remove(i)} />
                  )}
                </span>
                {problem ? (
                  <span role="alert" className={styles.entryError}>
                    <ErrorCircle12Filled aria-hidden />
                    {problem}
                  </span>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {readOnly && listError ? <FieldError message={listError} /> : null}
    </>
  );
}
