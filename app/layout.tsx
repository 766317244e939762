import type { Metadata } from "next";
import type { ReactNode } from "react";
import { FluentRoot } from "@/components/providers/FluentRoot";
import { currentCaller } from "@/lib/server/auth/current-caller";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Rampart", template: "%s · Rampart" },
  description: "DevOps security console for Azure DevOps, GitHub and GitLab",
  icons: { icon: { url: "/favicon.svg", type: "image/svg+xml" } },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const caller = await currentCaller();
  const theme = caller?.user.theme ?? "LIGHT";
  return (
    <html lang="en" data-theme={theme.toLowerCase()}>
      <body>
        <FluentRoot theme={theme}>{children}</FluentRoot>
      </body>
    </html>
  );
}
