"use client";

import { EmptyState } from "./EmptyState";

export function NoRoleNotice() {
  return (
    <EmptyState icon="noAccess" title="You have no role in this workspace yet">
      You are signed in, but no role has been assigned to you. Ask an Owner to give you a role in Settings → Users and roles; it
      applies on your next page load.
    </EmptyState>
  );
}
