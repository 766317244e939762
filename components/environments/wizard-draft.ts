import { z } from "zod";
import { isStepIndex, wizardValuesSchema, type StepIndex, type WizardValues } from "./wizard-model";

/**
 * The wizard's values survive the trip to the provider's consent page in this tab's
 * sessionStorage: saved just before leaving, restored when the provider sends the
 * browser back with ?authorization=… or ?authorizationError=…, removed after Create,
 * Update or Cancel. One key per wizard, so an edit never picks up a new connector's
 * draft (or another connector's).
 */

const PREFIX = "rampart.environment-wizard.v1:";

export type WizardKey = "new" | `edit/${string}`;

export interface WizardDraft {
  values: WizardValues;
  step: StepIndex;
  /** The furthest step reached, so the step list stays open where it was. */
  maxStep: StepIndex;
  savedAt: string;
}

const draftSchema = z.object({
  values: wizardValuesSchema,
  step: z.number().refine(isStepIndex),
  maxStep: z.number().refine(isStepIndex),
  savedAt: z.string().max(40),
});

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    // Storage can be switched off (privacy settings); the wizard then simply starts over.
    return null;
  }
}

export function saveDraft(key: WizardKey, draft: Omit<WizardDraft, "savedAt">): boolean {
  const store = storage();
  if (!store) return false;
  try {
    store.setItem(PREFIX + key, JSON.stringify({ ...draft, savedAt: new Date().toISOString() }));
    return true;
  } catch {
    return false;
  }
}

export function loadDraft(key: WizardKey): WizardDraft | null {
  const store = storage();
  if (!store) return null;
  try {
    const raw = store.getItem(PREFIX + key);
    if (!raw) return null;
    const parsed = draftSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) {
      store.removeItem(PREFIX + key);
      return null;
    }
    const { values, step, maxStep, savedAt } = parsed.data;
    return { values, step: step as StepIndex, maxStep: maxStep as StepIndex, savedAt };
  } catch {
    return null;
  }
}

export function clearDraft(key: WizardKey): void {
  try {
    storage()?.removeItem(PREFIX + key);
  } catch {
    // Nothing to do: the draft is ignored unless the provider sends the browser back.
  }
}
