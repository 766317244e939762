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
import { useApiForm } from "@/components/common/use-api-form";
import { ProblemBar } from "@/components/common/ProblemBar";
import { daysFromToday, expiryOf, localDate } from "@/components/common/expiry-date";
import {
  DISMISSAL_COMMENT_MAX,
  DISMISSAL_MAX_DAYS,
  DISMISSAL_REASON_DESCRIPTIONS,
  DISMISSAL_REASON_LABELS,
  DISMISSAL_REASONS,
  dismissFindingsInput,
  type DismissalReasonName,
  type TriageResult,
} from "@/lib/schemas/finding-triage";
import { plural } from "./labels";

/**
 * Dismiss findings: a reason, a comment and an optional expiry, checked here with the
 * API's own schema and then by the API, whose answers (a field's problem, or findings
 * that changed meanwhile) are shown in the dialog.
 */

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: "16px", paddingBottom: "12px" },
  intro: { margin: 0, color: tokens.colorNeutralForeground2 },
  reason: { display: "flex", flexDirection: "column" },
  reasonText: { display: "flex", flexDirection: "column", gap: "2px", paddingTop: "6px" },
  reasonDescription: { color: tokens.colorNeutralForeground3 },
  date: { maxWidth: "220px" },
  findingProblems: { margin: "4px 0 0", paddingLeft: "20px", overflowWrap: "anywhere" },
});

export interface DismissTarget {
  id: string;
  title: string;
}

export function DismissFindingsDialog({
  findings,
  onClose,
  onDismissed,
}: {
  findings: DismissTarget[];
  onClose: () => void;
  onDismissed: (result: TriageResult, reason: DismissalReasonName) => void;
}) {
  const styles = useStyles();
  const [reason, setReason] = useState<DismissalReasonName | "">("");
  const [comment, setComment] = useState("");
  const [expiry, setExpiry] = useState("");
  const { errors, setErrors, problem, setProblem, busy, send } = useApiForm();

  function close() {
    if (!busy) onClose();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const parsed = dismissFindingsInput.safeParse({
      findingIds: findings.map((f) => f.id),
      reason: reason || undefined,
      comment: comment.trim() || undefined,
      expiresAt: expiryOf(expiry),
    });
    if (!parsed.success) {
      const fieldErrors = zodFieldErrors(parsed.error);
      if (!reason) fieldErrors.reason = "Choose why these findings are dismissed.";
      setErrors(fieldErrors);
      return;
    }
    const result = await send<TriageResult>("POST", "/api/v1/findings/dismiss", parsed.data);
    if (!result) return;
    onDismissed(result.data, parsed.data.reason);
  }

  // Problems with individual findings (not open any more, not found) name them.
  const findingProblems = Object.entries(errors)
    .filter(([key]) => key.startsWith("findingIds."))
    .map(([key, message]) => ({ title: findings[Number(key.split(".")[1])]?.title ?? "A finding", message }));
  const single = findings.length === 1 ? findings[0] : undefined;

  return (
    <Dialog open onOpenChange={(_e, data) => (data.open ? undefined : close())}>
      <DialogSurface aria-describedby="dismiss-intro">
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>{single ? "Dismiss finding" : `Dismiss ${plural(findings.length, "finding")}`}</DialogTitle>
            <DialogContent className={styles.form}>
              <Text as="p" id="dismiss-intro" className={styles.intro}>
                {single ? <>“{single.title}” </> : `These ${plural(findings.length, "finding")} `}
                {single ? "leaves" : "leave"} the open findings and {single ? "stays" : "stay"} dismissed across scans, until reopened or until the dismissal expires.
              </Text>
              <ProblemBar problem={problem} />
              {findingProblems.length > 0 ? (
                <ul className={styles.findingProblems} aria-label="Findings that could not be dismissed">
                  {findingProblems.map((p, i) => (
                    <li key={i}>
                      <strong>{p.title}</strong>: {p.message}
                    </li>
                  ))}
                </ul>
              ) : null}
              <Field label="Reason" required {...fieldValidation(errors, "reason")}>
                <RadioGroup
                  value={reason}
                  disabled={busy}
                  onChange={(_e, d) => {
                    setReason(d.value as DismissalReasonName);
                    setErrors(({ reason: _fixed, ...rest }) => rest);
                  }}
                >
                  {DISMISSAL_REASONS.map((r) => (
                    <Radio
                      key={r}
                      value={r}
                      label={
                        <span className={styles.reasonText}>
                          <span>{DISMISSAL_REASON_LABELS[r]}</span>
                          <span className={styles.reasonDescription}>{DISMISSAL_REASON_DESCRIPTIONS[r]}</span>
                        </span>
                      }
                    />
                  ))}
                </RadioGroup>
              </Field>
              <Field label="Comment" hint={`${comment.length.toLocaleString("en-US")} / ${DISMISSAL_COMMENT_MAX.toLocaleString("en-US")} characters`} {...fieldValidation(errors, "comment")}>
                <Textarea
                  value={comment}
                  disabled={busy}
                  resize="vertical"
                  placeholder="Why, for whoever reads this finding later"
                  onChange={(_e, d) => {
                    setComment(d.value);
                    setErrors(({ comment: _fixed, ...rest }) => rest);
                  }}
                />
              </Field>
              <Field
                label="Expires on"
                hint={`Optional, at most ${DISMISSAL_MAX_DAYS} days ahead. As that day begins, the findings are open again, or fixed if the latest scan no longer reports them.`}
                {...fieldValidation(errors, "expiresAt")}
              >
                <Input
                  type="date"
                  className={styles.date}
                  value={expiry}
                  disabled={busy}
                  min={localDate(daysFromToday(1))}
                  max={localDate(daysFromToday(DISMISSAL_MAX_DAYS))}
                  onChange={(_e, d) => {
                    setExpiry(d.value);
                    setErrors(({ expiresAt: _fixed, ...rest }) => rest);
                  }}
                />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" type="submit" disabled={busy} icon={busy ? <Spinner size="tiny" /> : undefined}>
                {busy ? "Dismissing…" : "Dismiss"}
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
