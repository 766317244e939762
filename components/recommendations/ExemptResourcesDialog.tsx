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
  Radio,
  RadioGroup,
  Spinner,
  Text,
  Textarea,
  tokens,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import { fieldValidation, zodFieldErrors } from "@/components/common/api";
import { daysFromToday, expiryOf, localDate } from "@/components/common/expiry-date";
import { ProblemBar } from "@/components/common/ProblemBar";
import { useApiForm } from "@/components/common/use-api-form";
import { plural } from "@/components/repository/labels";
import {
  EXEMPTION_COMMENT_MAX,
  EXEMPTION_MAX_DAYS,
  EXEMPTION_REASON_DESCRIPTIONS,
  EXEMPTION_REASON_LABELS,
  EXEMPTION_REASONS,
  exemptResourcesInput,
  type ExemptionReasonName,
  type ExemptionResult,
} from "@/lib/schemas/recommendations";

/**
 * Exempt resources from one recommendation: a reason (Mitigated or Risk accepted), a
 * comment and an optional expiry, checked here with the API's own schema and then by
 * the API, whose answers are shown in the dialog.
 */

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: "16px", paddingBottom: "12px" },
  intro: { margin: 0, color: tokens.colorNeutralForeground2 },
  reasonText: { display: "flex", flexDirection: "column", gap: "2px", paddingTop: "6px" },
  reasonDescription: { color: tokens.colorNeutralForeground3 },
  date: { maxWidth: "220px" },
  resourceProblems: { margin: "4px 0 0", paddingLeft: "20px", overflowWrap: "anywhere" },
});

export interface ExemptTarget {
  id: string;
  name: string;
}

export function ExemptResourcesDialog({
  recommendationId,
  recommendationTitle,
  resources,
  noun,
  onClose,
  onExempted,
}: {
  recommendationId: string;
  recommendationTitle: string;
  resources: ExemptTarget[];
  /** What one resource is called ("repository", "project", "pipeline"). */
  noun: string;
  onClose: () => void;
  onExempted: (result: ExemptionResult, reason: ExemptionReasonName) => void;
}) {
  const styles = useStyles();
  const [reason, setReason] = useState<ExemptionReasonName | "">("");
  const [comment, setComment] = useState("");
  const [expiry, setExpiry] = useState("");
  const { errors, setErrors, problem, setProblem, busy, send } = useApiForm();

  function close() {
    if (!busy) onClose();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const parsed = exemptResourcesInput.safeParse({
      resourceIds: resources.map((r) => r.id),
      reason: reason || undefined,
      comment: comment.trim() || undefined,
      expiresAt: expiryOf(expiry),
    });
    if (!parsed.success) {
      const fieldErrors = zodFieldErrors(parsed.error);
      if (!reason) fieldErrors.reason = "Choose why the recommendation does not apply to them.";
      setErrors(fieldErrors);
      return;
    }
    const result = await send<ExemptionResult>("POST", `/api/v1/recommendations/${encodeURIComponent(recommendationId)}/exemptions`, parsed.data);
    if (!result) return;
    onExempted(result.data, parsed.data.reason);
  }

  const resourceProblems = Object.entries(errors)
    .filter(([key]) => key.startsWith("resourceIds."))
    .map(([key, message]) => ({ name: resources[Number(key.split(".")[1])]?.name ?? `A ${noun}`, message }));
  const single = resources.length === 1 ? resources[0] : undefined;
  const what = single ? `“${single.name}”` : `These ${plural(resources.length, noun)}`;

  return (
    <Dialog open onOpenChange={(_e, data) => (data.open ? undefined : close())}>
      <DialogSurface aria-describedby="exempt-intro">
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>{single ? `Exempt ${noun}` : `Exempt ${plural(resources.length, noun)}`}</DialogTitle>
            <DialogContent className={styles.form}>
              <Text as="p" id="exempt-intro" className={styles.intro}>
                {what} will no longer count as unhealthy for “{recommendationTitle}”, until the exemption is removed or expires. Its findings stay as they are.
              </Text>
              <ProblemBar problem={problem} />
              {resourceProblems.length > 0 ? (
                <ul className={styles.resourceProblems} aria-label="Resources that could not be exempted">
                  {resourceProblems.map((p, i) => (
                    <li key={i}>
                      <strong>{p.name}</strong>: {p.message}
                    </li>
                  ))}
                </ul>
              ) : null}
              <Field label="Reason" required {...fieldValidation(errors, "reason")}>
                <RadioGroup
                  value={reason}
                  disabled={busy}
                  onChange={(_e, d) => {
                    setReason(d.value as ExemptionReasonName);
                    setErrors(({ reason: _fixed, ...rest }) => rest);
                  }}
                >
                  {EXEMPTION_REASONS.map((r) => (
                    <Radio
                      key={r}
                      value={r}
                      label={
                        <span className={styles.reasonText}>
                          <span>{EXEMPTION_REASON_LABELS[r]}</span>
                          <span className={styles.reasonDescription}>{EXEMPTION_REASON_DESCRIPTIONS[r]}</span>
                        </span>
                      }
                    />
                  ))}
                </RadioGroup>
              </Field>
              <Field label="Comment" hint={`${comment.length.toLocaleString("en-US")} / ${EXEMPTION_COMMENT_MAX.toLocaleString("en-US")} characters`} {...fieldValidation(errors, "comment")}>
                <Textarea
                  value={comment}
                  disabled={busy}
                  resize="vertical"
                  placeholder="How it is handled, or why the risk is accepted"
                  onChange={(_e, d) => {
                    setComment(d.value);
                    setErrors(({ comment: _fixed, ...rest }) => rest);
                  }}
                />
              </Field>
              <Field
                label="Expires on"
                hint={`Optional, at most ${EXEMPTION_MAX_DAYS} days ahead. As that day begins, the recommendation judges ${single ? "it" : "them"} again.`}
                {...fieldValidation(errors, "expiresAt")}
              >
                <Input
                  type="date"
                  className={styles.date}
                  value={expiry}
                  disabled={busy}
                  min={localDate(daysFromToday(1))}
                  max={localDate(daysFromToday(EXEMPTION_MAX_DAYS))}
                  onChange={(_e, d) => {
                    setExpiry(d.value);
                    setErrors(({ expiresAt: _fixed, ...rest }) => rest);
                  }}
                />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" type="submit" disabled={busy} icon={busy ? <Spinner size="tiny" /> : undefined}>
                {busy ? "Exempting…" : "Exempt"}
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
