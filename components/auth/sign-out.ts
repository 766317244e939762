"use client";

/** Ends the session on the server (next-auth's sign-out, which deletes the session row) and goes to sign-in. */
export async function signOutNow(): Promise<void> {
  const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
  await fetch("/api/auth/signout", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, json: "true" }),
  });
  window.location.assign("/sign-in?signedOut=1");
}
