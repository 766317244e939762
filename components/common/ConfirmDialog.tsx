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
  tokens,
} from "@fluentui/react-components";
import type { ReactNode } from "react";
import type { Problem } from "./api";
import { ProblemBar } from "./ProblemBar";

const useStyles = makeStyles({
  content: { display: "flex", flexDirection: "column", gap: "12px" },
  danger: {
    backgroundColor: tokens.colorPaletteRedBackground3,
    color: tokens.colorNeutralForegroundOnBrand,
    ":hover": { backgroundColor: tokens.colorPaletteRedForeground1, color: tokens.colorNeutralForegroundOnBrand },
    ":hover:active": { backgroundColor: tokens.colorPaletteRedForeground1, color: tokens.colorNeutralForegroundOnBrand },
  },
});

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy: boolean;
  problem: Problem | null;
  /** Red confirm button, for what cannot be undone in one click. */
  destructive?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Asks before a change; the error of a failed attempt stays in the dialog. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const styles = useStyles();
  return (
    <Dialog
      open={props.open}
      modalType="alert"
      onOpenChange={(_e, data) => {
        if (!data.open && !props.busy) props.onCancel();
      }}
    >
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{props.title}</DialogTitle>
          <DialogContent className={styles.content}>
            <ProblemBar problem={props.problem} />
            <div>{props.children}</div>
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              className={props.destructive && !props.busy ? styles.danger : undefined}
              disabled={props.busy}
              icon={props.busy ? <Spinner size="tiny" /> : undefined}
              onClick={props.onConfirm}
            >
              {props.confirmLabel}
            </Button>
            <Button appearance="secondary" disabled={props.busy} onClick={props.onCancel}>
              Cancel
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
