import { z } from "zod";
import { route } from "@/lib/server/api/route";
import { listAuditEvents } from "@/lib/server/audit/list-audit-events";

const query = z.object({
  before: z.string().regex(/^\d{1,19}$/, "must be an event id").optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  action: z.string().trim().max(100).optional(),
  actor: z.string().trim().max(254).optional(),
});

/** Newest first; follow `nextBefore` for older events. */
export const GET = route({
  permission: "audit.read",
  query,
  async handler({ query }) {
    return listAuditEvents(query);
  },
});
