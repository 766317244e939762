import type { Metadata } from "next";
import { PageHeader } from "@/components/common/PageHeader";
import { AuditLog } from "@/components/settings/AuditLog";
import { listAuditEvents } from "@/lib/server/audit/list-audit-events";
import { requirePageAccess } from "@/lib/server/pages/page-access";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditLogPage() {
  await requirePageAccess("audit.read");
  const firstPage = await listAuditEvents({ limit: 50 });
  return (
    <>
      <PageHeader title="Audit log" subtitle="Every sign-in and change to users, roles, subscriptions and connectors, newest first" />
      <AuditLog initialEvents={firstPage.events} initialNextBefore={firstPage.nextBefore} />
    </>
  );
}
