"use client";

/** Ends the session on the server (next-auth's sign-out, which deletes the session row) and goes to sign-in. */
export async function signOutNow(): Promise<void> {
  const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
  await fetch("/api/auth/signout", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, json: "true" }),
  });
  // A full page load on purpose: nothing of the signed-in client state survives sign-out.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign("/sign-in?signedOut=1");
}
