import { z } from "zod";
import { requestOrigin } from "@/lib/server/api/request-origin";
import { publicRoute } from "@/lib/server/api/route";
import { callerFromCookie, sessionCookieName } from "@/lib/server/auth/sessions";
import { completeAuthorization } from "@/lib/server/connectors/authorization-service";

/**
 * Where the provider sends the browser back after consent. It belongs to the user who
 * started the authorization: without a session the browser goes to sign-in, and the
 * request's `state` is checked against that user.
 */
export const GET = publicRoute({
  params: z.object({ provider: z.string().max(40) }),
  async handler({ req, params, meta }) {
    const origin = requestOrigin(req);
    const caller = await callerFromCookie(req.cookies.get(sessionCookieName())?.value);
    if (!caller) return Response.redirect(new URL("/sign-in?callbackUrl=%2Fenvironments", origin), 303);
    const location = await completeAuthorization(caller, params.provider, req.nextUrl.searchParams, meta);
    return new Response(null, { status: 303, headers: { location: new URL(location, origin).toString(), "cache-control": "no-store" } });
  },
});
