"use client";

import { Button, Caption1, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Text, tokens } from "@fluentui/react-components";
import { PersonKey20Regular } from "@fluentui/react-icons";
import type { ReactNode } from "react";
import type { FieldErrors, Problem } from "@/components/common/api";
import { LocalTime } from "@/components/common/LocalTime";
import { ProblemBar } from "@/components/common/ProblemBar";
import { ORGANIZATION_NOUN, PROVIDER_LABELS, type AuthorizationView, type ConnectorView, type IdentityView, type ProviderName } from "@/lib/schemas/connectors";
import { AuthorizationStateBadge } from "./AuthorizationStateBadge";
import { FieldError, ReadOnlyNote, useStepStyles } from "./wizard-parts";

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: "20px", display: "flex", flexDirection: "column", gap: "4px" },
  card: {
    display: "flex",
    gap: "12px",
    alignItems: "flex-start",
    padding: "12px 16px",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  cardIcon: { color: tokens.colorBrandForeground1, flexShrink: 0, marginTop: "2px" },
  cardText: { display: "flex", flexDirection: "column", gap: "4px", minWidth: 0, overflowWrap: "anywhere" },
  actions: { display: "flex", gap: "8px", alignItems: "center" },
  muted: { color: tokens.colorNeutralForeground3 },
  spinner: { justifyContent: "flex-start" },
});

/** What the account must be allowed to do at the provider, so discovery finds what you expect. */
const WHO_SHOULD_AUTHORIZE: Record<ProviderName, string> = {
  AZURE_DEVOPS:
    "In each Azure DevOps organization you want to onboard, the account needs Project Collection Administrator and the Basic access level (Stakeholder is not enough), and the organization must allow third-party application access via OAuth.",
  GITHUB: "The account should be an owner of each GitHub organization you want to onboard.",
  GITLAB: "The account needs the Owner role in each GitLab group you want to onboard.",
};

export function operationsRunAs(identity: IdentityView): string {
  return `Operations run as ${identity.login}${identity.name ? ` (${identity.name})` : ""}`;
}

/** The identity an authorization acts as: "Operations run as <login> (<name>)". */
export function IdentityCard({ identity, children }: { identity: IdentityView; children?: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.card}>
      <PersonKey20Regular aria-hidden className={styles.cardIcon} />
      <div className={styles.cardText}>
        <Text weight="semibold">{operationsRunAs(identity)}</Text>
        {identity.email ? <Caption1 className={styles.muted}>{identity.email}</Caption1> : null}
        {children}
      </div>
    </div>
  );
}

export interface NewAuthorizationState {
  view: AuthorizationView | null;
  loading: boolean;
  problem: Problem | null;
  /** Set when the authorization is for another provider or host than step 1's. */
  mismatch: string | null;
}

export interface ConfigureAccessStepProps {
  provider: ProviderName | null;
  hostLabel: string;
  /** Edit settings: the connector's current authorization is shown. */
  connector?: ConnectorView;
  /** New connectors always; edit settings with `actions.edit`. */
  canAuthorize: boolean;
  /** The consent completed in this wizard, if any. */
  authorizationId: string | null;
  authorization: NewAuthorizationState;
  /** Starting the consent failed, or the provider sent the browser back with an error. */
  authProblem: Problem | null;
  /** Back from the provider, but the earlier entries were not in this tab's storage. */
  draftLost: boolean;
  authorizing: boolean;
  onAuthorize: () => void;
  /** Edit settings: drop the new consent and keep the connector's current one. */
  onKeepCurrent?: () => void;
  errors: FieldErrors;
}

/** Step 2: what is requested, as whom everything will run, and the Authorize button. */
export function ConfigureAccessStep(props: ConfigureAccessStepProps) {
  const styles = useStyles();
  const step = useStepStyles();
  const { provider, connector, authorization } = props;
  const providerLabel = provider ? PROVIDER_LABELS[provider] : "the provider";
  const noun = provider ? ORGANIZATION_NOUN[provider] : ORGANIZATION_NOUN.GITHUB;
  const hasNew = props.authorizationId !== null && authorization.view !== null && authorization.mismatch === null;
  const authorized = hasNew || connector !== undefined;

  return (
    <div className={step.body}>
      {!props.canAuthorize ? <ReadOnlyNote /> : null}
      {props.draftLost ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Your earlier entries were not restored</MessageBarTitle>
            This browser tab no longer had them (storage may be switched off). Check every step before you finish.
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {props.authProblem ? (
        <MessageBar intent="error" role="alert" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{props.authProblem.title}</MessageBarTitle>
            {props.authProblem.detail}
          </MessageBarBody>
        </MessageBar>
      ) : null}

      <p className={step.intro}>
        Rampart connects to {providerLabel} with OAuth. When you select {authorized ? "Re-authorize" : "Authorize"}, you leave Rampart for{" "}
        {props.hostLabel || providerLabel}, sign in there, read the list of permissions Rampart asks for, and accept. You then come back
        here, with what you entered kept. Rampart asks to:
      </p>
      <ul className={styles.list}>
        <li>
          list the {noun.many}, projects and repositories the account can see, to discover them (right after creation, then every 8 hours);
        </li>
        <li>read repository contents, to scan code and infrastructure as code without pipelines or agents;</li>
        <li>read repository and pull request settings, to assess the security posture of each repository.</li>
      </ul>

      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Important: everything runs as the account that authorizes</MessageBarTitle>
          Discovery, code retrieval for scanning and pull request annotations all act as that account, and {providerLabel} shows them
          under its name: in audit logs, usage dashboards, API rate limits and pull request timelines. Authorize with a dedicated service
          account (for example <strong>rampart-connector</strong>) that has only the permissions it needs, rather than your personal
          account. If that account is removed or loses access, discovery and scanning stop until the connector is re-authorized.
        </MessageBarBody>
      </MessageBar>
      {provider ? <Text className={styles.muted}>{WHO_SHOULD_AUTHORIZE[provider]}</Text> : null}

      {connector ? (
        <section className={step.section} aria-label="Current authorization">
          <Text as="h3" weight="semibold" className={step.sectionTitle}>
            Current authorization
          </Text>
          <IdentityCard identity={connector.authorization.identity}>
            <span>
              <AuthorizationStateBadge state={connector.authorization.state} reason={connector.authorization.reason} />
            </span>
            <Caption1 className={styles.muted}>
              Authorized <LocalTime iso={connector.authorization.authorizedAt} format="date-time" />
            </Caption1>
          </IdentityCard>
        </section>
      ) : null}

      {props.authorizationId !== null ? (
        <section className={step.section} aria-label={connector ? "New authorization" : "Authorization"}>
          {connector ? (
            <Text as="h3" weight="semibold" className={step.sectionTitle}>
              New authorization
            </Text>
          ) : null}
          {authorization.loading ? <Spinner size="tiny" labelPosition="after" label="Checking the authorization…" className={styles.spinner} /> : null}
          <ProblemBar problem={authorization.problem} />
          {authorization.mismatch ? (
            <MessageBar intent="error" role="alert" layout="multiline">
              <MessageBarBody>{authorization.mismatch}</MessageBarBody>
            </MessageBar>
          ) : null}
          {authorization.view && !authorization.mismatch ? (
            <IdentityCard identity={authorization.view.identity}>
              <Caption1 className={styles.muted}>
                Authorized <LocalTime iso={authorization.view.createdAt} format="date-time" />
                {authorization.view.scopes.length > 0 ? ` · granted: ${authorization.view.scopes.join(", ")}` : ""}
              </Caption1>
              {connector ? (
                <Caption1>
                  Replaces {connector.authorization.identity.login} when you select Update on the last step.
                </Caption1>
              ) : null}
            </IdentityCard>
          ) : null}
        </section>
      ) : null}

      {props.canAuthorize ? (
        <div className={styles.actions}>
          <Button
            appearance={authorized ? "secondary" : "primary"}
            disabled={props.authorizing || !provider}
            icon={props.authorizing ? <Spinner size="tiny" /> : undefined}
            onClick={props.onAuthorize}
          >
            {authorized ? "Re-authorize" : "Authorize"}
          </Button>
          {connector && props.authorizationId !== null && props.onKeepCurrent && !props.authorizing ? (
            <Button appearance="subtle" onClick={props.onKeepCurrent}>
              Keep the current authorization
            </Button>
          ) : null}
          {props.authorizing ? <Text className={styles.muted}>Opening {props.hostLabel || providerLabel}…</Text> : null}
        </div>
      ) : null}
      <FieldError message={props.errors.authorizationId} />
    </div>
  );
}
