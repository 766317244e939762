import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { NoRoleNotice } from "@/components/common/NoRoleNotice";
import { PageHeader } from "@/components/common/PageHeader";
import { requireCaller } from "@/lib/server/auth/current-caller";
import { mayAnywhere } from "@/lib/server/authz/caller";

export const metadata: Metadata = { title: "Settings" };

/** Settings has no page of its own: it opens the first tab the caller may use (same order as the tabs). */
export default async function SettingsPage() {
  const caller = await requireCaller();
  if (mayAnywhere(caller, "users.manage")) redirect("/settings/users");
  if (mayAnywhere(caller, "workspace.read")) redirect("/settings/subscriptions");
  if (mayAnywhere(caller, "tokens.manage")) redirect("/settings/api-tokens");
  if (mayAnywhere(caller, "audit.read")) redirect("/settings/audit-log");
  return (
    <>
      <PageHeader title="Settings" subtitle="Users, subscriptions and the audit log of this workspace" />
      <NoRoleNotice />
    </>
  );
}
