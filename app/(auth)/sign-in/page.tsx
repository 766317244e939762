import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/SignInForm";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { externalSignInProviders, SIGN_IN_ERRORS } from "@/lib/server/auth/auth-options";
import { currentCaller } from "@/lib/server/auth/current-caller";
import { db } from "@/lib/server/db/client";
import { DEMO_ACCOUNTS } from "@/lib/server/demo/demo-accounts";
import { env } from "@/lib/server/env";
import { needsFirstRun } from "@/lib/server/setup/create-first-owner";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await currentCaller()) redirect("/");
  if (await needsFirstRun()) redirect("/setup");
  const params = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;

  let demoAccounts: { email: string; password: string; role: string }[] = [];
  if (env().demo) {
    const present = await db.user.findMany({ where: { isDemo: true, disabledAt: null }, select: { email: true } });
    const emails = new Set(present.map((u) => u.email));
    demoAccounts = DEMO_ACCOUNTS.filter((a) => emails.has(a.email)).map((a) => ({
      email: a.email,
      password: a.password,
      role: `${ROLE_LABELS[a.role]}${a.scopedToSubscription ? " (one subscription)" : ""}`,
    }));
  }

  return (
    <SignInForm
      errorMessages={SIGN_IN_ERRORS}
      initialError={one(params.error)}
      signedOut={one(params.signedOut) === "1"}
      callbackUrl={one(params.callbackUrl)}
      providers={externalSignInProviders()}
      demoAccounts={demoAccounts}
    />
  );
}
