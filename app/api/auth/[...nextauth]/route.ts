import NextAuth from "next-auth";
import { z } from "zod";
import { tooManyRequests } from "@/lib/server/api/errors";
import { publicRoute } from "@/lib/server/api/route";
import { authOptions } from "@/lib/server/auth/auth-options";
import { signInRetryAfter } from "@/lib/server/auth/sign-in-throttle";

const params = z.object({ nextauth: z.array(z.string()).min(1) });

/** next-auth's endpoints, behind the same wrapper as every route (cross-site refusal, one error shape). */
const handler = publicRoute({
  params,
  async handler({ req, params, meta }) {
    if (req.method === "POST" && params.nextauth.join("/") === "callback/credentials") {
      const form = await req.clone().formData().catch(() => null);
      const email = form?.get("email");
      const wait = await signInRetryAfter(typeof email === "string" ? email : null, meta.ip);
      if (wait > 0) {
        const minutes = Math.ceil(wait / 60);
        throw tooManyRequests(`Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, wait);
      }
    }
    return NextAuth(req, { params: Promise.resolve(params) }, authOptions(meta)) as Promise<Response>;
  },
});

export { handler as GET, handler as POST };
