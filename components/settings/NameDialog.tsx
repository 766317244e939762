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
  Text,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import { nameInput } from "@/lib/schemas/subscriptions";
import { fieldValidation, problemFieldErrors, zodFieldErrors, type ApiResult, type FieldErrors, type Problem } from "@/components/common/api";
import { ProblemBar } from "@/components/common/ProblemBar";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: "12px" },
});

export interface NameDialogRequest {
  title: string;
  description?: string;
  label: string;
  initialName: string;
  submitLabel: string;
  busyLabel: string;
  /** Sends the validated name; the dialog shows the problem if it fails. */
  submit: (name: string) => Promise<ApiResult<unknown>>;
  onDone: (name: string) => void;
}

/** One name field validated with `containerName`: creating and renaming subscriptions and resource groups. */
export function NameDialog({ request, onClose }: { request: NameDialogRequest | null; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const close = () => {
    if (!busy) onClose();
  };
  return (
    <Dialog
      open={request !== null}
      onOpenChange={(_e, data) => {
        if (!data.open) close();
      }}
    >
      {/* Keyed so every opening starts from the request's own name. */}
      {request ? (
        <NameDialogSurface key={`${request.title}:${request.initialName}`} request={request} busy={busy} setBusy={setBusy} onClose={close} />
      ) : (
        <></>
      )}
    </Dialog>
  );
}

interface SurfaceProps {
  request: NameDialogRequest;
  busy: boolean;
  setBusy: (busy: boolean) => void;
  onClose: () => void;
}

function NameDialogSurface({ request, busy, setBusy, onClose }: SurfaceProps) {
  const styles = useStyles();
  const [name, setName] = useState(request.initialName);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<Problem | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const parsed = nameInput.safeParse({ name });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      return;
    }
    setErrors({});
    setBusy(true);
    const result = await request.submit(parsed.data.name);
    setBusy(false);
    if (!result.ok) {
      setProblem(result.problem);
      setErrors(problemFieldErrors(result.problem));
      return;
    }
    request.onDone(parsed.data.name);
  }

  return (
    <DialogSurface>
      <form onSubmit={submit} noValidate>
        <DialogBody>
          <DialogTitle>{request.title}</DialogTitle>
          <DialogContent className={styles.form}>
            {request.description ? <Text as="p">{request.description}</Text> : null}
            <ProblemBar problem={problem} />
            <Field
              label={request.label}
              required
              hint="Up to 90 characters: letters, digits, spaces, and - _ . ( ). It must not end with a period."
              {...fieldValidation(errors, "name")}
            >
              <Input autoComplete="off" value={name} disabled={busy} onChange={(_e, d) => setName(d.value)} />
            </Field>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" type="submit" disabled={busy} icon={busy ? <Spinner size="tiny" /> : undefined}>
              {busy ? request.busyLabel : request.submitLabel}
            </Button>
            <Button appearance="secondary" disabled={busy} onClick={onClose}>
              Cancel
            </Button>
          </DialogActions>
        </DialogBody>
      </form>
    </DialogSurface>
  );
}
