import type { NextConfig } from "next";

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/**
 * The requester portal and the public web form are reached from links in emails and by anyone:
 * a tight policy there. Scripts: Next's own bootstrap is inline, and a nonce for it needs a proxy
 * (middleware) on every request, which this app does not run; so inline scripts stay allowed but
 * nothing from another origin is. Referrer-Policy no-referrer keeps a portal link's token out of
 * any Referer header.
 */
const publicPagePolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");
const publicPageHeaders = [
  ...securityHeaders.filter(
    (h) => h.key !== "Content-Security-Policy" && h.key !== "Referrer-Policy",
  ),
  { key: "Content-Security-Policy", value: publicPagePolicy },
  { key: "Referrer-Policy", value: "no-referrer" },
];

const nextConfig: NextConfig = {
  // Native and WebAssembly packages load their own files at run time; keep them out of the bundle.
  // pdfkit reads its font metrics from disk next to its own files.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pdfkit"],
  poweredByHeader: false,
  experimental: {
    // forbidden() → app/forbidden.tsx with a real 403 status.
    authInterrupts: true,
  },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // Later entries win for the same header key.
      { source: "/portal", headers: publicPageHeaders },
      { source: "/portal/:path*", headers: publicPageHeaders },
      { source: "/support/:path*", headers: publicPageHeaders },
    ];
  },
};

export default nextConfig;
