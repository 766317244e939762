"use client";

import { Caption1, Spinner, Toolbar, ToolbarButton } from "@fluentui/react-components";
import { ArrowClockwise20Regular } from "@fluentui/react-icons";
import type { ReactNode } from "react";
import { usePanelStyles } from "./panel-styles";

/**
 * A list's command bar: its own commands, Refresh (reloads the page's data from the
 * server), and on the right the count, with a spinner while refreshing.
 */
export function ListToolbar({ label, children, refreshing, onRefresh, count }: { label: string; children?: ReactNode; refreshing: boolean; onRefresh: () => void; count: ReactNode }) {
  const panel = usePanelStyles();
  return (
    <Toolbar aria-label={label} size="small" className={panel.toolbar}>
      {children}
      <ToolbarButton appearance="subtle" icon={<ArrowClockwise20Regular />} disabled={refreshing} onClick={onRefresh}>
        Refresh
      </ToolbarButton>
      <div className={panel.toolbarSpacer} />
      <Caption1 className={panel.count} aria-live="polite">
        {refreshing ? <Spinner size="extra-tiny" aria-label="Refreshing" /> : null}
        {count}
      </Caption1>
    </Toolbar>
  );
}
