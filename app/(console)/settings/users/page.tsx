import type { Metadata } from "next";
import { PageHeader } from "@/components/common/PageHeader";
import { UsersAndRoles } from "@/components/settings/UsersAndRoles";
import { requirePageAccess } from "@/lib/server/pages/page-access";
import { listSubscriptions } from "@/lib/server/subscriptions/subscription-service";
import { listUsers } from "@/lib/server/users/list-users";

export const metadata: Metadata = { title: "Users and roles" };

export default async function UsersPage() {
  const caller = await requirePageAccess("users.manage");
  const [users, subscriptions] = await Promise.all([listUsers(), listSubscriptions(caller)]);
  return (
    <>
      <PageHeader title="Users and roles" subtitle="Who can sign in, and what each role may do in the workspace, a subscription or a resource group" />
      {/* Connectors as role scopes: none are listed until the connector service exists. */}
      <UsersAndRoles users={users} subscriptions={subscriptions} connectors={[]} currentUserId={caller.user.id} />
    </>
  );
}
