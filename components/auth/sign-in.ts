"use client";

export type SignInResult = { ok: true; url: string } | { ok: false; error: string; message?: string };

/**
 * Password sign-in through next-auth's credentials callback. Done by hand rather than
 * with next-auth/react's signIn() so that a 429 (too many failed sign-ins) and its
 * retry time reach the form.
 */
export async function signInWithPassword(email: string, password: string, callbackUrl = "/"): Promise<SignInResult> {
  const csrf = await fetch("/api/auth/csrf", { cache: "no-store" });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl, json: "true" }),
  });
  const body = (await response.json().catch(() => ({}))) as { url?: string; detail?: string };
  if (response.status === 429) return { ok: false, error: "RateLimited", message: body.detail };
  // next-auth answers a refused sign-in with 401 and names the reason in the URL it sends.
  const error = body.url ? new URL(body.url, window.location.origin).searchParams.get("error") : null;
  if (error) return { ok: false, error };
  if (!response.ok) return { ok: false, error: "Unknown", message: body.detail };
  return { ok: true, url: safeCallback(callbackUrl) };
}

/** Only same-site paths are followed after sign-in. */
export function safeCallback(value: string | null | undefined): string {
  return value && value.startsWith("/") && !value.startsWith("//") ? value : "/";
}
