/** Where to go after signing in: only a path on this site, never another origin (open redirect). */
export function safeCallbackUrl(value: unknown, fallback = "/tickets"): string {
  if (typeof value !== "string" || value.length > 2000) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  if (value.startsWith("/sign-in")) return fallback;
  return value;
}
