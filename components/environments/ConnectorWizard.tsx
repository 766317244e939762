"use client";

import { Button, makeStyles, Spinner, Text, tokens, useId } from "@fluentui/react-components";
import { ChevronLeft16Regular, ChevronRight16Regular } from "@fluentui/react-icons";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { callApi, problemFieldErrors, type FieldErrors, type Problem } from "@/components/common/api";
import { ConfirmDialog } from "@/components/common/ConfirmDialog";
import { ProblemBar } from "@/components/common/ProblemBar";
import {
  ORGANIZATION_NOUN,
  PROVIDER_LABELS,
  type AuthorizationView,
  type ConnectorView,
  type OrganizationOption,
  type ProviderHostView,
  type ProviderName,
} from "@/lib/schemas/connectors";
import { authorizationFailureTitle, type AuthorizationReturn } from "./authorization-return";
import { ConfigureAccessStep } from "./ConfigureAccessStep";
import { ConnectorDetailsStep } from "./ConnectorDetailsStep";
import { OrganizationsStep } from "./OrganizationsStep";
import { ReviewStep } from "./ReviewStep";
import { ScanningStep } from "./ScanningStep";
import { useApiGet } from "./use-api-get";
import { clearDraft, loadDraft, saveDraft, type WizardKey } from "./wizard-draft";
import {
  ACCESS,
  changedParts,
  createBody,
  errorsOfStep,
  initialEditValues,
  initialNewValues,
  normalizedScanning,
  ORGANIZATIONS,
  REVIEW,
  sameValues,
  SCANNING,
  stepOfPath,
  STEPS,
  stepTitle,
  updateBody,
  validateStep,
  type StepIndex,
  type SubscriptionTarget,
  type ValidationContext,
  type WizardMode,
  type WizardValues,
} from "./wizard-model";
import { WizardStepList, type WizardStepItem } from "./WizardStepList";

const useStyles = makeStyles({
  panel: {
    display: "grid",
    gridTemplateColumns: "232px minmax(0, 1fr)",
    minHeight: "520px",
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    "@media (max-width: 800px)": { gridTemplateColumns: "minmax(0, 1fr)" },
  },
  content: { display: "flex", flexDirection: "column", minWidth: 0 },
  scroll: { flexGrow: 1, display: "flex", flexDirection: "column", gap: "16px", padding: "20px 32px 32px" },
  stepPanel: { display: "flex", flexDirection: "column", gap: "16px" },
  heading: { margin: 0, ":focus": { outline: "none" }, ":focus-visible": { outline: "none" } },
  unmapped: { margin: 0, paddingLeft: "20px", color: tokens.colorPaletteRedForeground1 },
  footer: {
    position: "sticky",
    bottom: 0,
    display: "flex",
    alignItems: "center",
    gap: "8px",
    padding: "12px 32px",
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottomRightRadius: tokens.borderRadiusMedium,
  },
  spacer: { flexGrow: 1 },
  restoring: { padding: "48px", display: "flex", justifyContent: "center" },
});

export interface ConnectorWizardProps {
  /** Edit settings of this connector; absent when adding an environment. */
  connector?: ConnectorView;
  hosts: ProviderHostView[];
  /** Where the caller may create connectors (new only). */
  targets?: SubscriptionTarget[];
  /** Subscriptions in which the caller may also create a resource group (subscriptions.update). */
  newGroupSubscriptionIds?: string[];
  /** ?provider=… */
  initialProvider?: ProviderName | null;
  /** Back from the provider's consent page. */
  returned: AuthorizationReturn | null;
}

const subscribeNothing = () => () => {};

/** False on the server and while hydrating; the stored draft can only be read after that. */
function useInBrowser(): boolean {
  return useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );
}

/** The add-environment / edit-settings wizard (seed 003), portal style: steps on the left, Previous / Next below. */
export function ConnectorWizard(props: ConnectorWizardProps) {
  const styles = useStyles();
  const inBrowser = useInBrowser();
  if (props.returned && !inBrowser) {
    return (
      <div className={styles.restoring}>
        <Spinner label="Restoring your entries…" />
      </div>
    );
  }
  return <WizardBody {...props} />;
}

interface StartingPoint {
  baseline: WizardValues;
  values: WizardValues;
  step: StepIndex;
  maxStep: StepIndex;
  draftLost: boolean;
  authProblem: Problem | null;
}

function startingPoint(key: WizardKey, props: ConnectorWizardProps): StartingPoint {
  const baseline = props.connector ? initialEditValues(props.connector) : initialNewValues(props.hosts, props.initialProvider ?? null);
  const initialMax: StepIndex = props.connector ? REVIEW : 0;
  const returned = props.returned;
  if (!returned) return { baseline, values: baseline, step: 0, maxStep: initialMax, draftLost: false, authProblem: null };
  const draft = loadDraft(key);
  let values = draft?.values ?? baseline;
  if (returned.kind === "authorized") values = { ...values, authorizationId: returned.authorizationId };
  return {
    baseline,
    values,
    step: ACCESS,
    maxStep: (Math.max(draft?.maxStep ?? ACCESS, ACCESS, initialMax) as StepIndex),
    draftLost: draft === null && !props.connector,
    authProblem: returned.kind === "failed" ? { title: authorizationFailureTitle(returned.code), status: 0, detail: returned.message } : null,
  };
}

/** The connector's current authorization (to list organizations without re-authorizing); null once removed. */
function currentAuthorizationId(connector: ConnectorView): string | null {
  return connector.authorization.id;
}

function withoutStep(errors: FieldErrors, step: StepIndex): FieldErrors {
  return Object.fromEntries(Object.entries(errors).filter(([k]) => stepOfPath(k) !== step));
}

const nonEmpty = (errors: FieldErrors) => Object.keys(errors).length > 0;

function WizardBody(props: ConnectorWizardProps) {
  const { connector, hosts, returned } = props;
  const targets = props.targets ?? [];
  const newGroupSubscriptionIds = props.newGroupSubscriptionIds ?? [];
  const styles = useStyles();
  const router = useRouter();
  const headingId = useId("wizard-step");
  const key: WizardKey = connector ? `edit/${connector.id}` : "new";
  const mode: WizardMode = connector ? { kind: "edit", connector } : { kind: "new" };

  const [start] = useState(() => startingPoint(key, props));
  const [values, setValues] = useState(start.values);
  const [step, setStep] = useState<StepIndex>(start.step);
  const [maxStep, setMaxStep] = useState<StepIndex>(start.maxStep);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [authProblem, setAuthProblem] = useState<Problem | null>(start.authProblem);
  const [authorizing, setAuthorizing] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const [organizationsWanted, setOrganizationsWanted] = useState(start.step === ORGANIZATIONS);

  /** Set while the browser leaves on purpose (to the provider, or after saving): no "leave page?" prompt then. */
  const leaving = useRef(false);
  const focusHeading = useRef(returned !== null);
  const focusInvalid = useRef(false);
  const headingRef = useRef<HTMLElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  const provider = values.provider;
  const canEditConnector = !connector || connector.actions.edit;
  const canEditScanning = !connector || connector.actions.manageScanning;
  const readOnlyStep = (s: StepIndex): boolean => {
    if (!connector) return false;
    if (s === 0) return true;
    if (s === ACCESS || s === ORGANIZATIONS) return !canEditConnector;
    if (s === SCANNING) return !canEditScanning;
    return false;
  };

  // ---- The consent completed in this wizard ----
  const authorization = useApiGet<{ authorization: AuthorizationView }>(
    values.authorizationId
      ? `/api/connector-authorizations/${encodeURIComponent(values.authorizationId)}${connector ? `?connectorId=${encodeURIComponent(connector.id)}` : ""}`
      : null,
  );
  const view = authorization.data?.authorization ?? null;
  const mismatch =
    view && (view.provider !== values.provider || view.host !== values.host)
      ? `This authorization is for ${PROVIDER_LABELS[view.provider]} (${hosts.find((h) => h.provider === view.provider && h.key === view.host)?.label ?? view.host}), not for the provider and host chosen in Connector details. Authorize again.`
      : null;
  const authorized = view !== null && mismatch === null;

  // ---- Organizations (GitLab: groups), listed live from the provider once step 3 is opened ----
  const listAuthorizationId = authorized ? values.authorizationId : connector ? currentAuthorizationId(connector) : null;
  const organizations = useApiGet<{ organizations: OrganizationOption[] }>(
    organizationsWanted && listAuthorizationId && !readOnlyStep(ORGANIZATIONS)
      ? `/api/connector-authorizations/${encodeURIComponent(listAuthorizationId)}/organizations${connector ? `?connectorId=${encodeURIComponent(connector.id)}` : ""}`
      : null,
  );
  const noun = provider ? ORGANIZATION_NOUN[provider] : ORGANIZATION_NOUN.GITHUB;
  const listUnavailable =
    connector && !listAuthorizationId && !authorization.loading
      ? `To list the ${noun.many} the authorizing account can see now, re-authorize on Configure access. Until then the ones onboarded now are shown, and you can untick them.`
      : null;

  const ctx: ValidationContext = { mode, hosts, targets, newGroupSubscriptionIds, authorized };
  const dirty = !sameValues(values, start.baseline);
  const changed = connector ? changedParts(start.baseline, values) : null;
  const effectiveChanged = changed && !canEditConnector ? { authorization: false, organizations: false, scanning: changed.scanning } : changed;
  const nothingToUpdate = effectiveChanged !== null && !effectiveChanged.authorization && !effectiveChanged.organizations && !effectiveChanged.scanning;

  // ---- Effects: URL, focus, leaving the page ----
  const isReturn = returned !== null;
  useEffect(() => {
    // The ?authorization=… of the return has been used; a reload must not replay it.
    if (isReturn) window.history.replaceState(null, "", window.location.pathname);
  }, [isReturn]);

  useEffect(() => {
    if (!focusHeading.current) return;
    focusHeading.current = false;
    headingRef.current?.focus();
  }, [step]);

  useEffect(() => {
    if (!focusInvalid.current) return;
    focusInvalid.current = false;
    panelRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (leaving.current) return;
      event.preventDefault();
      // Older browsers only prompt when returnValue is set.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [dirty]);

  useEffect(() => {
    // Back from the consent page through the browser's Back button (page restored from the back-forward cache).
    const onPageShow = (event: PageTransitionEvent) => {
      if (!event.persisted) return;
      leaving.current = false;
      setAuthorizing(false);
    };
    window.addEventListener("pageshow", onPageShow);
    return () => window.removeEventListener("pageshow", onPageShow);
  }, []);

  // ---- Changing values and steps ----
  function change(next: WizardValues) {
    setValues(next);
    setProblem(null);
    // Once a step has shown errors, they follow the edits.
    if (nonEmpty(errorsOfStep(errors, step))) {
      const nextCtx = next.authorizationId === values.authorizationId ? ctx : { ...ctx, authorized: false };
      setErrors({ ...withoutStep(errors, step), ...validateStep(step, next, nextCtx) });
    }
    // A new provider or host voids the consent, and what depended on it.
    if (!connector && values.authorizationId !== null && next.authorizationId === null && maxStep > ACCESS) setMaxStep(ACCESS);
  }

  function moveTo(target: StepIndex) {
    focusHeading.current = true;
    setStep(target);
    if (target > maxStep) setMaxStep(target);
    if (target === ORGANIZATIONS) setOrganizationsWanted(true);
  }

  /** Forward moves check every step passed; the first invalid one is shown with its messages. */
  function goTo(target: StepIndex) {
    if (target === step) return;
    if (target < step) {
      moveTo(target);
      return;
    }
    let nextErrors = errors;
    for (const s of STEPS) {
      if (s < step || s >= target || readOnlyStep(s)) continue;
      const stepErrors = validateStep(s, values, ctx);
      nextErrors = { ...withoutStep(nextErrors, s), ...stepErrors };
      if (nonEmpty(stepErrors)) {
        setErrors(nextErrors);
        focusInvalid.current = true;
        if (s !== step) moveTo(s);
        return;
      }
    }
    setErrors(nextErrors);
    moveTo(target);
  }

  /** Server field errors go back to their step and field. */
  function showProblem(result: Problem, pathPrefix?: string) {
    const fieldErrors = problemFieldErrors(result);
    const keyed = pathPrefix ? Object.fromEntries(Object.entries(fieldErrors).map(([k, v]) => [`${pathPrefix}.${k}`, v])) : fieldErrors;
    setProblem(result);
    setErrors(keyed);
    const steps = Object.keys(keyed)
      .map(stepOfPath)
      .filter((s): s is StepIndex => s !== null);
    if (steps.length > 0) {
      focusInvalid.current = true;
      const first = Math.min(...steps) as StepIndex;
      if (first !== step) moveTo(first);
    }
  }

  async function authorize() {
    if (!values.provider) return;
    setAuthorizing(true);
    setAuthProblem(null);
    const result = await callApi<{ authorizeUrl: string }>("POST", "/api/connector-authorizations", {
      provider: values.provider,
      host: values.host,
      returnTo: connector ? `/environments/${connector.id}/edit` : "/environments/new",
      ...(connector ? { connectorId: connector.id } : {}),
    });
    if (!result.ok) {
      setAuthorizing(false);
      setAuthProblem(result.problem);
      return;
    }
    saveDraft(key, { values, step: ACCESS, maxStep });
    leaving.current = true;
    window.location.assign(result.data.authorizeUrl);
  }

  async function submit() {
    for (const s of STEPS) {
      if (s === REVIEW || readOnlyStep(s)) continue;
      const stepErrors = validateStep(s, values, ctx);
      if (nonEmpty(stepErrors)) {
        setErrors(stepErrors);
        focusInvalid.current = true;
        moveTo(s);
        return;
      }
    }
    setSubmitting(true);
    setProblem(null);
    let name: string;
    if (!connector) {
      const result = await callApi<{ connector: ConnectorView }>("POST", "/api/connectors", createBody(values));
      if (!result.ok) {
        setSubmitting(false);
        if (result.problem.status === 410) {
          // The consent expired before Create: authorize again on step 2.
          setAuthProblem(result.problem);
          setValues({ ...values, authorizationId: null });
          moveTo(ACCESS);
          return;
        }
        showProblem(result.problem);
        return;
      }
      name = result.data.connector.name;
    } else {
      const result = canEditConnector
        ? await callApi<{ connector: ConnectorView }>("PATCH", `/api/connectors/${encodeURIComponent(connector.id)}`, updateBody(start.baseline, values))
        : await callApi<{ connector: ConnectorView }>("PATCH", `/api/connectors/${encodeURIComponent(connector.id)}/scanning`, normalizedScanning(values.scanning));
      if (!result.ok) {
        setSubmitting(false);
        showProblem(result.problem, canEditConnector ? undefined : "scanning");
        return;
      }
      name = result.data.connector.name;
    }
    clearDraft(key);
    leaving.current = true;
    router.push(`/environments?${connector ? "updated" : "created"}=${encodeURIComponent(name)}`);
  }

  function leave() {
    clearDraft(key);
    leaving.current = true;
    router.push("/environments");
  }

  // ---- Rendering ----
  const title = stepTitle(step, provider);
  const unmapped = Object.entries(errors).filter(([k]) => stepOfPath(k) === null);
  const stepItems: WizardStepItem[] = STEPS.map((s) => {
    const hasErrors = nonEmpty(errorsOfStep(errors, s));
    return {
      index: s,
      title: stepTitle(s, provider),
      reachable: connector ? true : s <= maxStep,
      done: !connector && s < maxStep && !hasErrors,
      hasErrors,
      readOnly: readOnlyStep(s),
    };
  });
  const nextDisabled = authorizing || (step === ACCESS && !connector && !authorized);
  const hostLabel = hosts.find((h) => h.provider === provider && h.key === values.host)?.label ?? connector?.host.label ?? "";

  let content: React.JSX.Element | null = null;
  switch (step) {
    case 0:
      content = (
        <ConnectorDetailsStep
          values={values}
          onChange={change}
          errors={errors}
          hosts={hosts}
          targets={targets}
          newGroupSubscriptionIds={newGroupSubscriptionIds}
          connector={connector}
        />
      );
      break;
    case 1:
      content = (
        <ConfigureAccessStep
          provider={provider}
          hostLabel={hostLabel}
          connector={connector}
          canAuthorize={canEditConnector}
          authorizationId={values.authorizationId}
          authorization={{ view, loading: authorization.loading, problem: authorization.problem, mismatch }}
          authProblem={authProblem}
          draftLost={start.draftLost}
          authorizing={authorizing}
          onAuthorize={authorize}
          onKeepCurrent={connector ? () => change({ ...values, authorizationId: null }) : undefined}
          errors={errors}
        />
      );
      break;
    case 2:
      content = provider ? (
        <OrganizationsStep
          provider={provider}
          values={values}
          onChange={change}
          errors={errors}
          list={{ organizations: organizations.data?.organizations ?? null, loading: organizations.loading, problem: organizations.problem, retry: organizations.retry }}
          listUnavailable={listUnavailable}
          readOnly={readOnlyStep(ORGANIZATIONS)}
          connector={connector}
        />
      ) : null;
      break;
    case 3:
      content = provider ? (
        <ScanningStep
          provider={provider}
          scanning={values.scanning}
          onChange={(scanning) => change({ ...values, scanning })}
          errors={errors}
          readOnly={readOnlyStep(SCANNING)}
        />
      ) : null;
      break;
    case 4:
      content = (
        <ReviewStep
          values={values}
          hosts={hosts}
          targets={targets}
          connector={connector}
          identity={authorized && view ? view.identity : (connector?.authorization.identity ?? null)}
          changed={effectiveChanged}
        />
      );
      break;
  }

  return (
    <>
      <div className={styles.panel}>
        <WizardStepList steps={stepItems} current={step} onSelect={goTo} />
        <div className={styles.content}>
          <div className={styles.scroll} ref={panelRef}>
            <ProblemBar problem={problem} />
            {unmapped.length > 0 ? (
              <ul className={styles.unmapped}>
                {unmapped.map(([k, v]) => (
                  <li key={k}>
                    {k}: {v}
                  </li>
                ))}
              </ul>
            ) : null}
            <section className={styles.stepPanel} aria-labelledby={headingId}>
              <Text as="h2" id={headingId} ref={headingRef} tabIndex={-1} size={600} weight="semibold" className={styles.heading}>
                {title}
              </Text>
              {content}
            </section>
          </div>
          <div className={styles.footer}>
            <Button icon={<ChevronLeft16Regular />} disabled={step === 0 || submitting || authorizing} onClick={() => goTo((step - 1) as StepIndex)}>
              Previous
            </Button>
            {step < REVIEW ? (
              <Button
                appearance="primary"
                icon={<ChevronRight16Regular />}
                iconPosition="after"
                disabled={nextDisabled}
                onClick={() => goTo((step + 1) as StepIndex)}
              >
                {`Next: ${stepTitle((step + 1) as StepIndex, provider)}`}
              </Button>
            ) : (
              <Button
                appearance="primary"
                disabled={submitting || nothingToUpdate}
                icon={submitting ? <Spinner size="tiny" /> : undefined}
                onClick={submit}
              >
                {connector ? "Update" : "Create"}
              </Button>
            )}
            <div className={styles.spacer} />
            <Button appearance="secondary" disabled={submitting || authorizing} onClick={() => (dirty ? setConfirmingCancel(true) : leave())}>
              Cancel
            </Button>
          </div>
        </div>
      </div>
      <ConfirmDialog
        open={confirmingCancel}
        title="Discard your changes?"
        confirmLabel="Discard changes"
        busy={false}
        problem={null}
        onConfirm={() => {
          setConfirmingCancel(false);
          leave();
        }}
        onCancel={() => setConfirmingCancel(false)}
      >
        {connector
          ? `Nothing you changed in ${connector.name}'s settings is saved. The connector keeps its current settings.`
          : "The connector is not created, and what you entered is lost. If you already authorized access, that authorization is not used."}
      </ConfirmDialog>
    </>
  );
}
