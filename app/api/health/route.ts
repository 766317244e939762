import { json, publicRoute } from "@/lib/server/api/route";
import { databaseAnswers } from "@/lib/server/db/health";

/** 200 when the database answers, 503 otherwise (for load balancers and `npm start`). */
export const GET = publicRoute({
  async handler() {
    return (await databaseAnswers()) ? json({ status: "ok" }) : json({ status: "unavailable", detail: "The database does not answer." }, 503);
  },
});
