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
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
} from "@fluentui/react-components";
import { CopyableSecret } from "@/components/common/CopyableSecret";

const useStyles = makeStyles({
  content: { display: "flex", flexDirection: "column", gap: "12px" },
});

/** The password the server generated for a new user; it is never shown again. */
export function GeneratedPasswordDialog({ credentials, onClose }: { credentials: { email: string; password: string } | null; onClose: () => void }) {
  const styles = useStyles();
  return (
    <Dialog
      open={credentials !== null}
      modalType="alert"
      onOpenChange={(_e, data) => {
        if (!data.open) onClose();
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
            <CopyableSecret label="Generated password" noun="password" value={credentials?.password ?? ""} />
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onClose}>
              Done
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
