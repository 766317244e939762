"use client";

import { makeStyles } from "@fluentui/react-components";
import { useState } from "react";
import { callApi, type Problem } from "@/components/common/api";
import { ConfirmDialog } from "@/components/common/ConfirmDialog";
import { ORGANIZATION_NOUN, PROVIDER_LABELS, type ConnectorView } from "@/lib/schemas/connectors";

const useStyles = makeStyles({
  text: { margin: "0 0 8px 0" },
  list: { margin: "0 0 8px 0", paddingLeft: "20px", maxHeight: "160px", overflowY: "auto" },
});

/** Asks before deleting a connector, naming everything that goes with it and what stays. */
export function DeleteConnectorDialog({ connector, onCancel, onDeleted }: { connector: ConnectorView | null; onCancel: () => void; onDeleted: (connector: ConnectorView) => void }) {
  const styles = useStyles();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  function cancel() {
    if (busy) return;
    setProblem(null);
    onCancel();
  }

  async function confirm() {
    if (!connector) return;
    setBusy(true);
    setProblem(null);
    const result = await callApi<null>("DELETE", `/api/connectors/${encodeURIComponent(connector.id)}`);
    setBusy(false);
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    onDeleted(connector);
  }

  const c = connector;
  const noun = c ? ORGANIZATION_NOUN[c.provider] : ORGANIZATION_NOUN.GITHUB;
  const count = c?.organizations.list.length ?? 0;
  const provider = c ? PROVIDER_LABELS[c.provider] : "";

  return (
    <ConfirmDialog
      open={c !== null}
      title="Delete connector"
      confirmLabel="Delete connector"
      destructive
      busy={busy}
      problem={problem}
      onConfirm={confirm}
      onCancel={cancel}
    >
      {c ? (
        <>
          <p className={styles.text}>
            Delete <strong>{c.name}</strong> ({provider}, in {c.subscription.name} / {c.resourceGroup.name})? This removes from Rampart:
          </p>
          <ul className={styles.list}>
            <li>
              the connector <strong>{c.name}</strong> and the access granted by {c.authorization.identity.login};
            </li>
            <li>
              its {count === 1 ? `1 ${noun.one}` : `${count} ${noun.many}`}
              {count > 0 ? `: ${c.organizations.list.map((o) => o.name).join(", ")}` : ""}
              {c.organizations.mode === "ALL_EXISTING_AND_FUTURE" ? ` (and no new ${noun.many} are picked up any more)` : ""};
            </li>
            <li>the repositories discovered through this connector, and their findings and recommendations.</li>
          </ul>
          <p className={styles.text}>
            Nothing is changed in {provider}: its {noun.many}, repositories and code are not touched. This cannot be undone; to
            monitor them again, add the environment again.
          </p>
        </>
      ) : null}
    </ConfirmDialog>
  );
}
