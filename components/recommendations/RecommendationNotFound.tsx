"use client";

import { Breadcrumb, BreadcrumbButton, BreadcrumbDivider, BreadcrumbItem, makeStyles, tokens } from "@fluentui/react-components";
import { EmptyState } from "@/components/common/EmptyState";
import { PageHeader } from "@/components/common/PageHeader";

const useStyles = makeStyles({
  breadcrumb: { marginBottom: "4px", marginLeft: "-8px" },
  current: { padding: "0 6px", fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
});

/** Unknown ids and recommendations with nothing in the caller's view read the same. */
export function RecommendationNotFound() {
  const styles = useStyles();
  return (
    <>
      <Breadcrumb aria-label="Breadcrumb" size="small" className={styles.breadcrumb}>
        <BreadcrumbItem>
          <BreadcrumbButton href="/recommendations">Recommendations</BreadcrumbButton>
        </BreadcrumbItem>
        <BreadcrumbDivider />
        <BreadcrumbItem>
          <span className={styles.current} aria-current="page">
            Not found
          </span>
        </BreadcrumbItem>
      </Breadcrumb>
      <PageHeader title="Recommendation not found" />
      <EmptyState icon="recommendations" title="There is no such recommendation here" action={{ label: "Go to the recommendations", href: "/recommendations" }}>
        The address names no recommendation, or one that judges nothing in the subscriptions, resource groups and environments you have a role on. Find it in the list instead.
      </EmptyState>
    </>
  );
}
