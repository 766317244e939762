import { requestOrigin } from "@/lib/server/api/request-origin";
import { openApiDocument } from "@/lib/server/api/openapi";
import { publicRoute } from "@/lib/server/api/route";

/** The OpenAPI 3.1 description of /api/v1. Public: it holds no data. */
export const GET = publicRoute({
  async handler({ req }) {
    return Response.json(openApiDocument(requestOrigin(req)), { headers: { "cache-control": "public, max-age=300" } });
  },
});
