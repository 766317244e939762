"use client";

import { Caption1, makeStyles, Text, tokens } from "@fluentui/react-components";
import NextLink from "next/link";
import type { ReactNode } from "react";
import { ExternalLink } from "@/components/common/ExternalLink";
import { PROVIDER_LABELS } from "@/lib/schemas/connectors";
import type { RepositoryHealth } from "@/lib/schemas/repository-health";
import { formatSize, PROVIDER_NOUNS } from "./labels";
import { useSectionStyles } from "./section-styles";

const useStyles = makeStyles({
  code: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: "anywhere" },
  internal: {
    color: tokens.colorBrandForegroundLink,
    textDecorationLine: "none",
    ":hover": { color: tokens.colorBrandForegroundLinkHover, textDecorationLine: "underline" },
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: "1px", borderRadius: tokens.borderRadiusSmall },
  },
});

export function Fact({ term, children }: { term: string; children: ReactNode }) {
  const styles = useSectionStyles();
  return (
    <div className={styles.fact}>
      <dt className={styles.term}>{term}</dt>
      <dd className={styles.value}>{children}</dd>
    </div>
  );
}

function Missing({ children = "Unknown" }: { children?: ReactNode }) {
  const styles = useSectionStyles();
  return <span className={styles.muted}>{children}</span>;
}

/** Where the repository lives: the provider's pages, its environment and the Azure-style containers. */
export function RepositoryEssentials({ health }: { health: RepositoryHealth }) {
  const section = useSectionStyles();
  const styles = useStyles();
  const nouns = PROVIDER_NOUNS[health.provider];
  const provider = PROVIDER_LABELS[health.provider];
  return (
    <section className={section.section} aria-labelledby="essentials-heading">
      <Text as="h2" id="essentials-heading" size={500} weight="semibold" className={section.heading}>
        Essentials
      </Text>
      <dl className={section.facts}>
        <Fact term={nouns.kind}>
          {health.url ? <ExternalLink href={health.url}>Open in {provider}</ExternalLink> : <Missing>No web address</Missing>}
        </Fact>
        <Fact term="DevOps environment">
          <NextLink href={`/inventory?connector=${encodeURIComponent(health.connector.id)}`} className={styles.internal} title={`Every repository of ${health.connector.name} in the inventory`}>
            {health.connector.name}
          </NextLink>
          <Caption1 className={section.muted}>{health.connector.host}</Caption1>
        </Fact>
        <Fact term={nouns.organization}>
          {health.organization.url ? <ExternalLink href={health.organization.url}>{health.organization.name}</ExternalLink> : <Text>{health.organization.name}</Text>}
        </Fact>
        <Fact term="Subscription">
          <NextLink href={`/inventory?subscription=${encodeURIComponent(health.subscription.id)}`} className={styles.internal} title={`Every repository of ${health.subscription.name} in the inventory`}>
            {health.subscription.name}
          </NextLink>
        </Fact>
        {health.project ? (
          <Fact term={nouns.project}>{health.project.url ? <ExternalLink href={health.project.url}>{health.project.path}</ExternalLink> : <Text>{health.project.path}</Text>}</Fact>
        ) : null}
        <Fact term="Resource group">
          <Text>{health.resourceGroup.name}</Text>
        </Fact>
        <Fact term="Default branch">{health.defaultBranch ? <span className={styles.code}>{health.defaultBranch}</span> : <Missing>None (empty repository)</Missing>}</Fact>
        <Fact term="Size">{health.sizeKb !== null ? <Text>{formatSize(health.sizeKb)}</Text> : <Missing />}</Fact>
      </dl>
    </section>
  );
}
