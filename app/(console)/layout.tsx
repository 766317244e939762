import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/AppShell";
import { requireCaller } from "@/lib/server/auth/current-caller";
import { roleSummaries } from "@/lib/server/authz/caller";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const caller = await requireCaller();
  return (
    <AppShell user={{ name: caller.user.name, email: caller.user.email, theme: caller.user.theme }} roles={roleSummaries(caller)}>
      {children}
    </AppShell>
  );
}
