/**
 * The sandbox's server-rendered pages: the consent page every provider shows at its
 * authorization endpoint, and the error page shown instead of redirecting when the
 * client or redirect URI cannot be trusted. Plain HTML with inline CSS, no scripts.
 */

export interface ConsentPermission {
  scope: string;
  description: string;
}

export interface ConsentUser {
  login: string;
  name: string;
}

export interface ConsentPageInput {
  /** e.g. "GitHub", "GitLab", "Microsoft Entra ID" */
  providerName: string;
  heading: string;
  accent: string;
  /** Where the form posts (the authorization endpoint's path). */
  action: string;
  /** The authorization request's parameters, carried through the form. */
  parameters: [string, string][];
  users: ConsentUser[];
  selectedLogin: string;
  permissions: ConsentPermission[];
  /** Where the browser goes afterwards (shown as origin only). */
  redirectUri: string;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

function styles(accent: string): string {
  return `
    :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
    body { margin: 0; background: #f3f4f6; color: #1f2328; }
    main { max-width: 30rem; margin: 3rem auto; background: #fff; border: 1px solid #d0d7de; border-top: 4px solid ${accent}; border-radius: 8px; padding: 1.5rem 2rem 2rem; }
    .badge { display: inline-block; margin: 0 0 .75rem; padding: .15rem .5rem; border-radius: 999px; background: #fff8c5; color: #4d2d00; font-size: .8rem; }
    h1 { font-size: 1.35rem; line-height: 1.3; margin: 0 0 1.25rem; }
    h2 { font-size: 1rem; margin: 1.5rem 0 .5rem; }
    label { display: block; font-weight: 600; margin-bottom: .35rem; }
    select { width: 100%; font: inherit; padding: .45rem; border: 1px solid #8c959f; border-radius: 6px; }
    ul { padding-left: 1.2rem; margin: 0; }
    li { margin: .35rem 0; }
    code { background: #eff1f3; border-radius: 4px; padding: 0 .3rem; font-size: .85em; }
    .redirect { color: #59636e; font-size: .9rem; margin-top: 1.25rem; overflow-wrap: anywhere; }
    .actions { display: flex; gap: .75rem; margin-top: 1.5rem; }
    button { font: inherit; padding: .5rem 1.25rem; border-radius: 6px; border: 1px solid #8c959f; background: #f6f8fa; color: #1f2328; cursor: pointer; }
    button.primary { background: ${accent}; border-color: ${accent}; color: #fff; font-weight: 600; }
    button:focus-visible, select:focus-visible { outline: 3px solid #0969da; outline-offset: 2px; }
    .error { border-top-color: #cf222e; }
  `;
}

function page(title: string, accent: string, body: string, extraClass?: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${styles(accent)}</style>
</head>
<body>
<main${extraClass ? ` class="${extraClass}"` : ""}>
${body}
</main>
</body>
</html>
`;
}

export function renderConsentPage(input: ConsentPageInput): string {
  const hidden = input.parameters.map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`).join("\n");
  const options = input.users
    .map((u) => `<option value="${escapeHtml(u.login)}"${u.login === input.selectedLogin ? " selected" : ""}>${escapeHtml(u.name)} (${escapeHtml(u.login)})</option>`)
    .join("\n");
  const permissions = input.permissions.length
    ? `<ul aria-labelledby="permissions-heading">
${input.permissions.map((p) => `<li><code>${escapeHtml(p.scope)}</code> ${escapeHtml(p.description)}</li>`).join("\n")}
</ul>`
    : `<p>No extra permissions: Rampart can read your public profile only.</p>`;
  let destination = input.redirectUri;
  try {
    destination = new URL(input.redirectUri).origin;
  } catch {
    // Already validated; keep the text as it is.
  }
  return page(
    `${input.heading} · ${input.providerName} (sandbox)`,
    input.accent,
    `<p class="badge">Rampart SCM sandbox: not the real ${escapeHtml(input.providerName)}</p>
<h1>${escapeHtml(input.heading)}</h1>
<form method="post" action="${escapeHtml(input.action)}">
${hidden}
<label for="login">Sign in as</label>
<select id="login" name="login">
${options}
</select>
<h2 id="permissions-heading">Rampart is asking for</h2>
${permissions}
<p class="redirect">Accept or cancel, and you go back to <strong>${escapeHtml(destination)}</strong>.</p>
<div class="actions">
<button type="submit" name="decision" value="accept" class="primary">Accept</button>
<button type="submit" name="decision" value="cancel">Cancel</button>
</div>
</form>`,
  );
}

export function renderErrorPage(input: { providerName: string; title: string; message: string; accent: string }): string {
  return page(
    `${input.title} · ${input.providerName} (sandbox)`,
    input.accent,
    `<p class="badge">Rampart SCM sandbox: not the real ${escapeHtml(input.providerName)}</p>
<h1>${escapeHtml(input.title)}</h1>
<p>${escapeHtml(input.message)}</p>`,
    "error",
  );
}
