"use client";

import { Button, Menu, MenuItemCheckbox, MenuList, MenuPopover, MenuTrigger } from "@fluentui/react-components";
import { ColumnTriple20Regular } from "@fluentui/react-icons";
import { OPTIONAL_COLUMN_LABELS, OPTIONAL_COLUMNS, type OptionalColumn } from "./inventory-url";

/** The Columns menu: which optional columns the grid shows (kept in the URL as `cols`). */
export function ColumnPicker({ visible, onChange }: { visible: OptionalColumn[]; onChange: (cols: OptionalColumn[]) => void }) {
  return (
    <Menu
      checkedValues={{ cols: visible }}
      onCheckedValueChange={(_, data) => {
        const picked = OPTIONAL_COLUMNS.filter((c) => data.checkedItems.includes(c));
        onChange(picked);
      }}
    >
      <MenuTrigger disableButtonEnhancement>
        <Button size="small" appearance="subtle" icon={<ColumnTriple20Regular />}>
          Columns
        </Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {OPTIONAL_COLUMNS.map((c) => (
            <MenuItemCheckbox key={c} name="cols" value={c}>
              {OPTIONAL_COLUMN_LABELS[c]}
            </MenuItemCheckbox>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
