"use client";

import { Menu, MenuItem, MenuList, MenuPopover, MenuTrigger, ToolbarButton } from "@fluentui/react-components";
import { Add20Regular } from "@fluentui/react-icons";
import { useRouter } from "next/navigation";
import { PROVIDER_LABELS, PROVIDERS, type ProviderName } from "@/lib/schemas/connectors";
import { ProviderIcon } from "./ProviderIcon";

export const NOT_CONFIGURED = "Not configured on this server: see README, Connector OAuth apps";

/** The toolbar's "Add environment": pick the provider, then the wizard opens with it chosen. */
export function AddEnvironmentMenu({ configuredProviders }: { configuredProviders: readonly ProviderName[] }) {
  const router = useRouter();
  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <ToolbarButton appearance="subtle" icon={<Add20Regular />}>
          Add environment
        </ToolbarButton>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {PROVIDERS.map((provider) => {
            const configured = configuredProviders.includes(provider);
            return (
              <MenuItem
                key={provider}
                icon={<ProviderIcon provider={provider} size={20} />}
                disabled={!configured}
                secondaryContent={configured ? undefined : "Not configured"}
                title={configured ? undefined : NOT_CONFIGURED}
                onClick={() => router.push(`/environments/new?provider=${provider}`)}
              >
                {PROVIDER_LABELS[provider]}
              </MenuItem>
            );
          })}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
