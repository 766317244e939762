"use client";

import { Breadcrumb, BreadcrumbButton, BreadcrumbDivider, BreadcrumbItem, makeStyles, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  root: { marginBottom: "4px", marginLeft: "-8px" },
  current: { padding: "0 6px", fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
});

/** "Environment settings > <current>" above the wizard's title, as in the portal. */
export function EnvironmentsBreadcrumb({ current }: { current: string }) {
  const styles = useStyles();
  return (
    <Breadcrumb aria-label="Breadcrumb" size="small" className={styles.root}>
      <BreadcrumbItem>
        <BreadcrumbButton href="/environments">Environment settings</BreadcrumbButton>
      </BreadcrumbItem>
      <BreadcrumbDivider />
      <BreadcrumbItem>
        <span className={styles.current} aria-current="page">
          {current}
        </span>
      </BreadcrumbItem>
    </Breadcrumb>
  );
}
