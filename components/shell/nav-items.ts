import type { Permission } from "@/lib/auth/permissions";

/** The console's left navigation. An item shows only to roles holding its permission somewhere. */
export interface NavEntry {
  href: string;
  label: string;
  icon: "overview" | "inventory" | "recommendations" | "environments" | "settings";
  permission: Permission | "signed-in";
}

export const NAV_ITEMS: NavEntry[] = [
  { href: "/", label: "Overview", icon: "overview", permission: "workspace.read" },
  { href: "/inventory", label: "Inventory", icon: "inventory", permission: "workspace.read" },
  { href: "/recommendations", label: "Recommendations", icon: "recommendations", permission: "workspace.read" },
  { href: "/environments", label: "Environment settings", icon: "environments", permission: "workspace.read" },
  { href: "/settings", label: "Settings", icon: "settings", permission: "signed-in" },
];

/**
 * The item a page belongs to: its own, or the one of the section it is inside (a
 * recommendation's page highlights Recommendations, a repository's Inventory). Only whole
 * path segments match, and the Overview only at "/".
 */
export function selectedNavHref(items: readonly Pick<NavEntry, "href">[], pathname: string): string | undefined {
  return items.find((i) => (i.href === "/" ? pathname === "/" : pathname === i.href || pathname.startsWith(`${i.href}/`)))?.href;
}
