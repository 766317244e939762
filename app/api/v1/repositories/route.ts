import { inventoryQuery } from "@/lib/schemas/inventory";
import { route } from "@/lib/server/api/route";
import { queryInventory } from "@/lib/server/inventory/inventory-service";

/** The DevOps inventory: repositories with the grid's filters, sort and keyset pages. */
export const GET = route({
  permission: "workspace.read",
  query: inventoryQuery,
  async handler({ caller, query }) {
    return queryInventory(caller, query);
  },
});
