import { sql } from "drizzle-orm";
import { getDb } from "@/db";

/** Liveness and readiness for load balancers and the test harness: is the database answering? */
export async function GET() {
  try {
    await getDb().execute(sql`select 1`);
    return Response.json({ status: "ok" });
  } catch (error) {
    console.error("[health] database check failed", error);
    return Response.json({ status: "unavailable" }, { status: 503 });
  }
}
