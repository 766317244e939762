import { inventoryQuery } from "@/lib/schemas/inventory";
import { route } from "@/lib/server/api/route";
import { inventoryCsv } from "@/lib/server/inventory/inventory-csv";

/** Every repository matching the filters, in the grid's sort, as CSV, streamed. */
export const GET = route({
  permission: "workspace.read",
  query: inventoryQuery.omit({ cursor: true, limit: true }),
  async handler({ caller, query }) {
    const day = new Date().toISOString().slice(0, 10);
    return new Response(inventoryCsv(caller, query), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="rampart-inventory-${day}.csv"`,
        "cache-control": "no-store",
      },
    });
  },
});
