import type { ReactNode } from "react";
import { SettingsNav } from "@/components/settings/SettingsNav";
import { requireCaller } from "@/lib/server/auth/current-caller";
import { mayAnywhere } from "@/lib/server/authz/caller";

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const caller = await requireCaller();
  return (
    <>
      <SettingsNav
        showUsers={mayAnywhere(caller, "users.manage")}
        showSubscriptions={mayAnywhere(caller, "workspace.read")}
        showApiTokens={mayAnywhere(caller, "tokens.manage")}
        showAuditLog={mayAnywhere(caller, "audit.read")}
        showJobs={mayAnywhere(caller, "jobs.read")}
        showScans={mayAnywhere(caller, "scans.read")}
      />
      {children}
    </>
  );
}
