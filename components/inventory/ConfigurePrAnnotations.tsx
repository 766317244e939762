"use client";

import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Spinner,
  Switch,
  Text,
  tokens,
  Tooltip,
  useRestoreFocusTarget,
} from "@fluentui/react-components";
import { CommentMultiple20Regular } from "@fluentui/react-icons";
import type { OnChangeFn, RowSelectionState } from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import { fieldValidation, zodFieldErrors } from "@/components/common/api";
import { useApiForm } from "@/components/common/use-api-form";
import { ProblemBar } from "@/components/common/ProblemBar";
import { SuccessNotice } from "@/components/common/SuccessNotice";
import type { RepositoryRow } from "@/lib/schemas/inventory";
import {
  configurePrAnnotationsInput,
  DEFAULT_PR_ANNOTATION_SETTINGS,
  PR_ANNOTATION_CATEGORIES,
  PR_ANNOTATION_CATEGORY_LABELS,
  PR_ANNOTATIONS_MAX_REPOSITORIES,
  SEVERITIES,
  SEVERITY_LABELS,
  type PrAnnotationCategory,
  type PrAnnotationsResult,
  type SeverityName,
} from "@/lib/schemas/pr-annotations";

/**
 * Configure PR annotations: the grid's row selection (Azure DevOps repositories in
 * environments where the caller may configure them), the toolbar button, and the dialog
 * that writes the settings through POST /api/v1/repositories/pr-annotations.
 */

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: "16px", paddingBottom: "12px" },
  intro: { margin: 0, color: tokens.colorNeutralForeground2 },
  dropdown: { minWidth: "0", width: "100%" },
  failures: { margin: "4px 0 0", paddingLeft: "20px", overflowWrap: "anywhere" },
});

interface Values {
  enabled: boolean;
  categories: PrAnnotationCategory[];
  minimumSeverity: SeverityName;
}

/** The selection's own settings when they all share them; otherwise the defaults, turned on. */
function initialValues(rows: RepositoryRow[]): { values: Values; mixed: boolean } {
  const first = rows[0];
  const same =
    first !== undefined &&
    rows.every(
      (r) => r.prAnnotations === first.prAnnotations && r.prAnnotationMinSeverity === first.prAnnotationMinSeverity && r.prAnnotationCategories.join() === first.prAnnotationCategories.join(),
    );
  if (same && first.prAnnotations === "ON" && first.prAnnotationCategories.length > 0 && first.prAnnotationMinSeverity) {
    return { values: { enabled: true, categories: first.prAnnotationCategories, minimumSeverity: first.prAnnotationMinSeverity }, mixed: false };
  }
  return { values: { enabled: true, ...DEFAULT_PR_ANNOTATION_SETTINGS }, mixed: rows.some((r) => r.prAnnotations === "ON") && !same };
}

const plural = (n: number) => `${n} ${n === 1 ? "repository" : "repositories"}`;

interface ConfigurePrAnnotationsDialogProps {
  open: boolean;
  repositories: RepositoryRow[];
  onClose: () => void;
  /** Some or all were saved (the grid should show them). */
  onSaved: (result: PrAnnotationsResult, enabled: boolean) => void;
}

export function ConfigurePrAnnotationsDialog({ open, repositories, onClose, onSaved }: ConfigurePrAnnotationsDialogProps) {
  const styles = useStyles();
  const [values, setValues] = useState<Values>(() => initialValues(repositories).values);
  const { errors, setErrors, problem, setProblem, busy, send } = useApiForm();
  const [outcome, setOutcome] = useState<{ saved: number; failures: PrAnnotationsResult["results"] } | null>(null);
  const { mixed } = initialValues(repositories);

  function close() {
    if (!busy) onClose();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    setOutcome(null);
    const parsed = configurePrAnnotationsInput.safeParse({
      repositoryIds: repositories.map((r) => r.id),
      enabled: values.enabled,
      categories: values.enabled ? values.categories : [],
      minimumSeverity: values.enabled ? values.minimumSeverity : null,
    });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      return;
    }
    const result = await send<PrAnnotationsResult>("POST", "/api/v1/repositories/pr-annotations", parsed.data);
    if (!result) return;
    if (result.data.saved > 0) onSaved(result.data, values.enabled);
    // Failures stay in the dialog, with what Azure DevOps said.
    if (result.data.failed > 0) setOutcome({ saved: result.data.saved, failures: result.data.results.filter((r) => r.outcome === "failed") });
  }

  const categoryText = values.categories.map((c) => PR_ANNOTATION_CATEGORY_LABELS[c]).join(", ");
  const done = outcome !== null;

  return (
    <Dialog
      open={open}
      onOpenChange={(_e, data) => {
        if (!data.open) close();
      }}
    >
      <DialogSurface aria-describedby="pr-annotations-intro">
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>Configure PR annotations</DialogTitle>
            <DialogContent className={styles.form}>
              <Text as="p" id="pr-annotations-intro" className={styles.intro}>
                Annotate pull requests in {plural(repositories.length)} with the findings of the chosen types, from the minimum severity up. The setting is
                written to Azure DevOps as the environment&apos;s authorizing identity.
                {mixed ? " The selected repositories have different settings now: these replace them all." : ""}
              </Text>
              <ProblemBar problem={problem} />
              {outcome ? (
                <MessageBar intent="warning" layout="multiline">
                  <MessageBarBody>
                    <MessageBarTitle>{plural(outcome.failures.length)} not changed</MessageBarTitle>
                    {outcome.saved > 0 ? `${plural(outcome.saved)} saved. ` : ""}
                    These could not be written to Azure DevOps:
                    <ul className={styles.failures}>
                      {outcome.failures.map((f) => (
                        <li key={f.repositoryId}>
                          <strong>{f.fullName}</strong>: {f.message}
                        </li>
                      ))}
                    </ul>
                  </MessageBarBody>
                </MessageBar>
              ) : null}
              <Switch
                label={`Pull request annotations: ${values.enabled ? "On" : "Off"}`}
                checked={values.enabled}
                disabled={busy}
                onChange={(_e, d) => setValues((v) => ({ ...v, enabled: d.checked }))}
              />
              <Field
                label="Category"
                hint="The finding types to annotate."
                required={values.enabled}
                {...fieldValidation(errors, "categories")}
              >
                <Dropdown
                  multiselect
                  className={styles.dropdown}
                  placeholder="Choose finding types"
                  disabled={busy || !values.enabled}
                  value={categoryText}
                  selectedOptions={values.categories}
                  onOptionSelect={(_e, d) => {
                    setValues((v) => ({ ...v, categories: PR_ANNOTATION_CATEGORIES.filter((c) => d.selectedOptions.includes(c)) }));
                    setErrors(({ categories: _fixed, ...rest }) => rest);
                  }}
                >
                  {PR_ANNOTATION_CATEGORIES.map((c) => (
                    <Option key={c} value={c}>
                      {PR_ANNOTATION_CATEGORY_LABELS[c]}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
              <Field label="Minimum severity" hint="Findings of this severity and above are annotated." required={values.enabled} {...fieldValidation(errors, "minimumSeverity")}>
                <Dropdown
                  className={styles.dropdown}
                  disabled={busy || !values.enabled}
                  value={SEVERITY_LABELS[values.minimumSeverity]}
                  selectedOptions={[values.minimumSeverity]}
                  onOptionSelect={(_e, d) => {
                    const chosen = SEVERITIES.find((s) => s === d.optionValue);
                    if (chosen) setValues((v) => ({ ...v, minimumSeverity: chosen }));
                  }}
                >
                  {SEVERITIES.map((s) => (
                    <Option key={s} value={s}>
                      {SEVERITY_LABELS[s]}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" type="submit" disabled={busy} icon={busy ? <Spinner size="tiny" /> : undefined}>
                {busy ? "Saving…" : done ? "Try again" : "Save"}
              </Button>
              <Button appearance="secondary" disabled={busy} onClick={close}>
                {done ? "Close" : "Cancel"}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/** What RepositoriesTable needs to show the selection column. */
export interface RowSelection {
  rowSelection: RowSelectionState;
  onRowSelectionChange: OnChangeFn<RowSelectionState>;
  canSelect: (row: RepositoryRow) => boolean;
}

/**
 * The grid's part of configuring PR annotations. `connectorIds`: the Azure DevOps
 * environments where the caller may configure them (none: no selection, no button).
 * `viewKey` changes when the rows shown are another view's, which clears the selection.
 */
export function usePrAnnotationsConfiguration({ connectorIds, rows, viewKey }: { connectorIds: string[]; rows: RepositoryRow[]; viewKey: string }): {
  selection: RowSelection | undefined;
  button: ReactNode;
  notice: ReactNode;
  dialog: ReactNode;
} {
  const router = useRouter();
  // Focus goes back to the button when the dialog closes.
  const restoreFocus = useRestoreFocusTarget();
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [dialogKey, setDialogKey] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [shownKey, setShownKey] = useState(viewKey);
  if (shownKey !== viewKey) {
    setShownKey(viewKey);
    setRowSelection({});
  }

  if (connectorIds.length === 0) return { selection: undefined, button: null, notice: null, dialog: null };

  const canSelect = (r: RepositoryRow) => r.provider === "AZURE_DEVOPS" && r.removedAt === null && connectorIds.includes(r.connector.id);
  const selected = rows.filter((r) => rowSelection[r.id] && canSelect(r));
  const reason =
    selected.length === 0
      ? "Select Azure DevOps repositories in the grid first."
      : selected.length > PR_ANNOTATIONS_MAX_REPOSITORIES
        ? `Select at most ${PR_ANNOTATIONS_MAX_REPOSITORIES} repositories at a time.`
        : null;

  const button = (
    <Tooltip content={reason ?? `Configure pull request annotations for ${plural(selected.length)}`} relationship="description">
      <Button
        size="small"
        appearance="subtle"
        icon={<CommentMultiple20Regular />}
        disabledFocusable={reason !== null}
        {...restoreFocus}
        onClick={() => {
          setNotice(null);
          setDialogKey(Date.now());
        }}
      >
        Configure PR annotations{selected.length > 0 ? ` (${selected.length})` : ""}
      </Button>
    </Tooltip>
  );

  return {
    selection: { rowSelection, onRowSelectionChange: setRowSelection, canSelect },
    button,
    notice: <SuccessNotice message={notice} onDismiss={() => setNotice(null)} />,
    dialog:
      dialogKey !== null ? (
        <ConfigurePrAnnotationsDialog
          // A fresh dialog (its values from this selection) each time it opens.
          key={dialogKey}
          open
          repositories={selected}
          onClose={() => setDialogKey(null)}
          onSaved={(result, enabled) => {
            setNotice(`Pull request annotations turned ${enabled ? "on" : "off"} for ${plural(result.saved)}.`);
            router.refresh();
            if (result.failed === 0) {
              setRowSelection({});
              setDialogKey(null);
            } else {
              // Keep only what still needs doing selected.
              setRowSelection(Object.fromEntries(result.results.filter((r) => r.outcome === "failed").map((r) => [r.repositoryId, true])));
            }
          }}
        />
      ) : null,
  };
}
