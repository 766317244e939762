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
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
  tokens,
} from "@fluentui/react-components";
import { Checkmark16Regular, Copy16Regular } from "@fluentui/react-icons";
import { useRef, useState } from "react";

const useStyles = makeStyles({
  content: { display: "flex", flexDirection: "column", gap: "12px" },
  row: { display: "flex", gap: "8px", alignItems: "center" },
  input: { flexGrow: 1, fontFamily: tokens.fontFamilyMonospace },
});

/** The password the server generated for a new user; it is never shown again. */
export function GeneratedPasswordDialog({ credentials, onClose }: { credentials: { email: string; password: string } | null; onClose: () => void }) {
  const styles = useStyles();
  const input = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");

  async function copyPassword() {
    if (!credentials) return;
    try {
      await navigator.clipboard.writeText(credentials.password);
      setCopy("copied");
    } catch {
      input.current?.select();
      setCopy("failed");
    }
  }

  function close() {
    setCopy("idle");
    onClose();
  }

  return (
    <Dialog
      open={credentials !== null}
      modalType="alert"
      onOpenChange={(_e, data) => {
        if (!data.open) close();
      }}
    >
      <DialogSurface>
        <DialogBody>
          <DialogTitle>User created</DialogTitle>
          <DialogContent className={styles.content}>
            <Text>
              A password was generated for <strong>{credentials?.email}</strong>. Give it to them through a safe channel; they
              sign in with it.
            </Text>
            <MessageBar intent="warning" layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>Copy it now</MessageBarTitle>
                This password is shown only once. It is not stored in clear and cannot be shown again.
              </MessageBarBody>
            </MessageBar>
            <Field
              label="Generated password"
              validationState={copy === "copied" ? "success" : copy === "failed" ? "warning" : "none"}
              validationMessage={copy === "copied" ? "Copied to the clipboard." : copy === "failed" ? "Could not copy: the password is selected, press Ctrl+C." : undefined}
            >
              <div className={styles.row}>
                <Input ref={input} readOnly value={credentials?.password ?? ""} className={styles.input} onFocus={(e) => e.currentTarget.select()} />
                <Button icon={copy === "copied" ? <Checkmark16Regular /> : <Copy16Regular />} onClick={() => void copyPassword()}>
                  Copy
                </Button>
              </div>
            </Field>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={close}>
              Done
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
