import { PROVIDER_LABELS, type ProviderName } from "@/lib/schemas/connectors";

/**
 * Small marks for the three providers, drawn here (simplified shapes, not the vendors'
 * artwork). GitHub's uses currentColor so it follows the theme; the others keep the
 * colours people recognise them by.
 */
export function ProviderIcon({ provider, size = 16, labelled = false, className }: { provider: ProviderName; size?: number; labelled?: boolean; className?: string }) {
  const a11y = labelled ? { role: "img", "aria-label": PROVIDER_LABELS[provider] } : { "aria-hidden": true as const };
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" focusable="false" className={className} style={{ flexShrink: 0 }} {...a11y}>
      {labelled ? <title>{PROVIDER_LABELS[provider]}</title> : null}
      {MARKS[provider]}
    </svg>
  );
}

const MARKS: Record<ProviderName, React.JSX.Element> = {
  // A cat's head and neck cut out of a disc.
  GITHUB: (
    <path
      fill="currentColor"
      fillRule="evenodd"
      d="M8 0a8 8 0 1 0 0 16A8 8 0 1 0 8 0Z M4.1 5.3 4.5 2.9l2 1.3q1.5-.4 3 0l2-1.3.4 2.4q1 1.4.6 3.1-.6 2.5-2.8 2.9v4.4H6.3v-4.4Q4 10.9 3.5 8.4q-.4-1.7.6-3.1Z"
    />
  ),
  // A fox-like head: two ears and a pointed chin.
  GITLAB: (
    <>
      <path fill="#FC6D26" d="M8 15 1 9.6l1.7-7.1 2.5 5.7h5.6l2.5-5.7L15 9.6Z" />
      <path fill="#E24329" d="M8 15 5.2 8.2h5.6Z" />
      <path fill="#FCA326" d="M1 9.6 5.2 8.2 8 15ZM15 9.6l-4.2-1.4L8 15Z" opacity=".6" />
    </>
  ),
  // An angular, two-part blue mark.
  AZURE_DEVOPS: (
    <>
      <path fill="#0078D4" d="M1 5.4 6.6 1.8v2.1L3 5.3v5.9L1 10.2Z" />
      <path fill="#0078D4" d="M15 3.6v8.5L11 15l-5.2-1.8V15l-3-3.9 8.7.8V4.1Z" />
    </>
  ),
};
