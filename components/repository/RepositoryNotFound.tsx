"use client";

import { Breadcrumb, BreadcrumbButton, BreadcrumbDivider, BreadcrumbItem, makeStyles, tokens } from "@fluentui/react-components";
import { EmptyState } from "@/components/common/EmptyState";
import { PageHeader } from "@/components/common/PageHeader";

const useStyles = makeStyles({
  breadcrumb: { marginBottom: "4px", marginLeft: "-8px" },
  current: { padding: "0 6px", fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
});

export function RepositoryNotFound() {
  const styles = useStyles();
  return (
    <>
      <Breadcrumb aria-label="Breadcrumb" size="small" className={styles.breadcrumb}>
        <BreadcrumbItem>
          <BreadcrumbButton href="/inventory">Inventory</BreadcrumbButton>
        </BreadcrumbItem>
        <BreadcrumbDivider />
        <BreadcrumbItem>
          <span className={styles.current} aria-current="page">
            Not found
          </span>
        </BreadcrumbItem>
      </Breadcrumb>
      <PageHeader title="Repository not found" />
      <EmptyState icon="inventory" title="There is no such repository here" action={{ label: "Go to the inventory", href: "/inventory" }}>
        The address names no repository, or one outside the subscriptions, resource groups and environments you have a role on. Find it in the inventory instead.
      </EmptyState>
    </>
  );
}
