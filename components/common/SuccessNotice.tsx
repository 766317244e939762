"use client";

import { Button, MessageBar, MessageBarActions, MessageBarBody } from "@fluentui/react-components";
import { Dismiss16Regular } from "@fluentui/react-icons";

/** What the last change did, until dismissed or replaced. */
export function SuccessNotice({ message, onDismiss }: { message: string | null; onDismiss: () => void }) {
  if (!message) return null;
  return (
    <MessageBar intent="success">
      <MessageBarBody>{message}</MessageBarBody>
      <MessageBarActions containerAction={<Button appearance="transparent" aria-label="Dismiss" icon={<Dismiss16Regular />} onClick={onDismiss} />} />
    </MessageBar>
  );
}
