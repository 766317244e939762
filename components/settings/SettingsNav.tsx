"use client";

import { makeStyles, Tab, TabList, tokens } from "@fluentui/react-components";
import { History20Regular, Key20Regular, KeyMultiple20Regular, PeopleTeam20Regular, ScanText20Regular, TaskListLtr20Regular } from "@fluentui/react-icons";
import { usePathname, useRouter } from "next/navigation";

const useStyles = makeStyles({
  // Six tabs for an Owner: on a narrow window they scroll rather than fall off the edge.
  nav: { marginBottom: "16px", borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, overflowX: "auto" },
});

const TABS = [
  { href: "/settings/users", label: "Users and roles", icon: <PeopleTeam20Regular />, show: "showUsers" },
  { href: "/settings/subscriptions", label: "Subscriptions", icon: <Key20Regular />, show: "showSubscriptions" },
  { href: "/settings/api-tokens", label: "API tokens", icon: <KeyMultiple20Regular />, show: "showApiTokens" },
  { href: "/settings/audit-log", label: "Audit log", icon: <History20Regular />, show: "showAuditLog" },
  { href: "/settings/scans", label: "Scans", icon: <ScanText20Regular />, show: "showScans" },
  { href: "/settings/jobs", label: "Jobs", icon: <TaskListLtr20Regular />, show: "showJobs" },
] as const;

export interface SettingsNavProps {
  showUsers: boolean;
  showSubscriptions: boolean;
  showApiTokens: boolean;
  showAuditLog: boolean;
  showJobs: boolean;
  showScans: boolean;
}

/** The tabs of Settings; which ones the caller may use is decided on the server. */
export function SettingsNav(props: SettingsNavProps) {
  const styles = useStyles();
  const router = useRouter();
  const pathname = usePathname();
  const tabs = TABS.filter((t) => props[t.show]);
  if (tabs.length === 0) return null;
  const selected = tabs.find((t) => pathname === t.href || pathname.startsWith(`${t.href}/`))?.href ?? "";
  return (
    <nav className={styles.nav} aria-label="Settings">
      <TabList selectedValue={selected} onTabSelect={(_e, data) => router.push(String(data.value))}>
        {tabs.map((t) => (
          <Tab key={t.href} value={t.href} icon={t.icon}>
            {t.label}
          </Tab>
        ))}
      </TabList>
    </nav>
  );
}
