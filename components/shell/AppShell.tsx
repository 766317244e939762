"use client";

import {
  Avatar,
  makeStyles,
  Menu,
  MenuDivider,
  MenuGroup,
  MenuGroupHeader,
  MenuItem,
  MenuItemRadio,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Nav,
  NavItem,
  Text,
  tokens,
  type MenuProps,
} from "@fluentui/react-components";
import {
  Board20Regular,
  BoxMultiple20Regular,
  PlugConnected20Regular,
  Settings20Regular,
  ShieldCheckmark20Regular,
  ShieldKeyhole24Filled,
  SignOut20Regular,
} from "@fluentui/react-icons";
import { usePathname, useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { mayEver, ROLE_LABELS, SCOPE_LABELS, type RoleSummary } from "@/lib/auth/permissions";
import { signOutNow } from "@/components/auth/sign-out";
import { NAV_ITEMS, selectedNavHref, type NavEntry } from "./nav-items";

const ICONS: Record<NavEntry["icon"], React.JSX.Element> = {
  overview: <Board20Regular />,
  inventory: <BoxMultiple20Regular />,
  recommendations: <ShieldCheckmark20Regular />,
  environments: <PlugConnected20Regular />,
  settings: <Settings20Regular />,
};

const useStyles = makeStyles({
  root: { display: "grid", gridTemplateRows: "48px 1fr", minHeight: "100vh" },
  header: {
    display: "flex",
    alignItems: "center",
    gap: "12px",
    padding: "0 12px 0 16px",
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  product: { display: "flex", alignItems: "center", gap: "8px", fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400 },
  // Full white: dimmed, it falls below 4.5:1 on the brand blue.
  productSub: { fontWeight: tokens.fontWeightRegular },
  spacer: { flexGrow: 1 },
  userButton: {
    display: "flex",
    alignItems: "center",
    gap: "8px",
    background: "transparent",
    border: "none",
    color: "inherit",
    cursor: "pointer",
    padding: "4px 8px",
    borderRadius: tokens.borderRadiusMedium,
    ":hover": { backgroundColor: tokens.colorBrandBackgroundHover },
  },
  userText: { display: "flex", flexDirection: "column", alignItems: "flex-end", lineHeight: "1.1" },
  userRole: { fontSize: tokens.fontSizeBase100, opacity: 0.9 },
  body: { display: "grid", gridTemplateColumns: "240px minmax(0, 1fr)", minHeight: 0 },
  nav: {
    width: "240px",
    // Fluent's nav items are drawn on colorNeutralBackground4; the column matches them.
    backgroundColor: tokens.colorNeutralBackground4,
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  navItems: { backgroundColor: tokens.colorNeutralBackground4, position: "sticky", top: 0, display: "flex", flexDirection: "column", gap: "2px", padding: "12px 8px" },
  main: { padding: "24px 32px", minWidth: 0, backgroundColor: tokens.colorNeutralBackground2 },
});

export interface ShellUser {
  name: string;
  email: string;
  theme: "LIGHT" | "DARK";
}

export function roleLine(roles: readonly RoleSummary[]): string {
  if (roles.length === 0) return "No role assigned";
  const first = roles[0]!;
  const text = `${ROLE_LABELS[first.role]}${first.scopeType === "WORKSPACE" ? "" : ` · ${SCOPE_LABELS[first.scopeType]}`}`;
  return roles.length > 1 ? `${text} +${roles.length - 1}` : text;
}

export function AppShell({ user, roles, children }: { user: ShellUser; roles: RoleSummary[]; children: ReactNode }) {
  const styles = useStyles();
  const pathname = usePathname();
  const router = useRouter();
  const [theme, setTheme] = useState(user.theme);
  const items = NAV_ITEMS.filter((item) => item.permission === "signed-in" || mayEver(roles, item.permission));
  const selected = selectedNavHref(items, pathname);

  const onThemeChange: MenuProps["onCheckedValueChange"] = async (_e, { checkedItems }) => {
    const next = checkedItems[0] === "DARK" ? "DARK" : "LIGHT";
    setTheme(next);
    await fetch("/api/me", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ theme: next }) });
    router.refresh();
  };

  return (
    <div className={styles.root}>
      <header className={styles.header}>
        <div className={styles.product}>
          <ShieldKeyhole24Filled />
          <span>Rampart</span>
          <span className={styles.productSub}>| DevOps security</span>
        </div>
        <div className={styles.spacer} />
        <Menu checkedValues={{ theme: [theme] }} onCheckedValueChange={onThemeChange}>
          <MenuTrigger disableButtonEnhancement>
            <button className={styles.userButton} aria-label={`Account menu for ${user.name}`}>
              <span className={styles.userText}>
                <Text size={200} weight="semibold">{user.name}</Text>
                <span className={styles.userRole}>{roleLine(roles)}</span>
              </span>
              <Avatar name={user.name} size={28} color="colorful" />
            </button>
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              <MenuGroup>
                <MenuGroupHeader>{user.email}</MenuGroupHeader>
                {roles.map((r, i) => (
                  <MenuItem key={i} disabled>
                    {ROLE_LABELS[r.role]} · {SCOPE_LABELS[r.scopeType]}
                  </MenuItem>
                ))}
              </MenuGroup>
              <MenuDivider />
              <MenuGroup>
                <MenuGroupHeader>Theme</MenuGroupHeader>
                <MenuItemRadio name="theme" value="LIGHT">Light</MenuItemRadio>
                <MenuItemRadio name="theme" value="DARK">Dark</MenuItemRadio>
              </MenuGroup>
              <MenuDivider />
              <MenuItem icon={<SignOut20Regular />} onClick={() => void signOutNow()}>
                Sign out
              </MenuItem>
            </MenuList>
          </MenuPopover>
        </Menu>
      </header>
      <div className={styles.body}>
        <nav className={styles.nav} aria-label="Main navigation">
          <Nav selectedValue={selected} className={styles.navItems}>
            {items.map((item) => (
              <NavItem
                key={item.href}
                value={item.href}
                icon={ICONS[item.icon]}
                href={item.href}
                onClick={(e) => {
                  e.preventDefault();
                  router.push(item.href);
                }}
              >
                {item.label}
              </NavItem>
            ))}
          </Nav>
        </nav>
        <main className={styles.main}>{children}</main>
      </div>
    </div>
  );
}
