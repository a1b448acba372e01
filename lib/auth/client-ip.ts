/**
 * The client address for throttling. Behind a reverse proxy the first X-Forwarded-For entry is the
 * client; run the app behind one that sets it (a client can forge it when talking to the app
 * directly, which only weakens the per-IP limit, never the per-account one). With no address known
 * there is no per-IP limit: one shared bucket for every client would let anyone lock out everyone.
 */
export function clientIpFrom(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || null;
}
