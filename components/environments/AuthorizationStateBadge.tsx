"use client";

import { Badge, Caption1, makeStyles, tokens } from "@fluentui/react-components";
import { CheckmarkCircle12Filled, ErrorCircle12Filled, Warning12Filled } from "@fluentui/react-icons";
import { AUTHORIZATION_STATE_LABELS, type AuthorizationState } from "@/lib/schemas/connectors";

const useStyles = makeStyles({
  root: { display: "inline-flex", flexDirection: "column", alignItems: "flex-start", gap: "2px", minWidth: 0 },
  // Fluent's badge is one line tall: its label must not wrap inside it.
  badge: { whiteSpace: "nowrap", maxWidth: "none", height: "auto", minHeight: "20px" },
  reason: { color: tokens.colorNeutralForeground2, overflowWrap: "anywhere" },
  errorReason: { color: tokens.colorPaletteRedForeground1, overflowWrap: "anywhere" },
});

const LOOK = {
  CONNECTED: { color: "success", icon: <CheckmarkCircle12Filled /> },
  NEEDS_REAUTHORIZATION: { color: "warning", icon: <Warning12Filled /> },
  ERROR: { color: "danger", icon: <ErrorCircle12Filled /> },
} as const;

/** Connected (green), Needs re-authorization (warning), Error (red); the reason is written out, not hidden in a tooltip. */
export function AuthorizationStateBadge({ state, reason }: { state: AuthorizationState; reason?: string | null }) {
  const styles = useStyles();
  const look = LOOK[state];
  return (
    <span className={styles.root}>
      <Badge appearance="tint" color={look.color} icon={look.icon} className={styles.badge}>
        {AUTHORIZATION_STATE_LABELS[state]}
      </Badge>
      {reason && state !== "CONNECTED" ? <Caption1 className={state === "ERROR" ? styles.errorReason : styles.reason}>{reason}</Caption1> : null}
    </span>
  );
}
