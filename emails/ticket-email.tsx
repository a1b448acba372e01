/**
 * The layout of every email the helpdesk sends: a header with the workspace name, the rendered
 * template body (already HTML from the mask renderer), and a quiet footer. Rendered by
 * lib/mail/templates/render-react.ts; keep to plain tags and inline styles (mail clients ignore
 * <style> blocks and classes more often than not).
 */
const font = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif";

export type TicketEmailProps = {
  /** Shown above the body: the workspace or mailbox name. */
  brand: string;
  /** Hidden preview line some clients show next to the subject. */
  preview: string;
  /** HTML produced by the mask renderer (values escaped there). */
  bodyHtml: string;
  /** A short line under the body, e.g. "Reply to this email to add to TKT-042." */
  footer: string;
};

export function TicketEmail({ brand, preview, bodyHtml, footer }: TicketEmailProps) {
  return (
    <html lang="en">
      {/* An email document, not a Next.js page: next/head does not apply here. */}
      {/* eslint-disable-next-line @next/next/no-head-element */}
      <head>
        <meta httpEquiv="Content-Type" content="text/html; charset=UTF-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
      </head>
      <body style={{ margin: 0, padding: 0, backgroundColor: "#f4f4f5", fontFamily: font }}>
        <div style={{ display: "none", maxHeight: 0, overflow: "hidden" }}>{preview}</div>
        <table
          role="presentation"
          width="100%"
          cellPadding="0"
          cellSpacing="0"
          style={{ backgroundColor: "#f4f4f5", padding: "24px 0" }}
        >
          <tbody>
            <tr>
              <td align="center">
                <table
                  role="presentation"
                  width="600"
                  cellPadding="0"
                  cellSpacing="0"
                  style={{
                    maxWidth: 600,
                    width: "100%",
                    backgroundColor: "#ffffff",
                    borderRadius: 8,
                  }}
                >
                  <tbody>
                    <tr>
                      <td
                        style={{
                          padding: "16px 24px",
                          borderBottom: "1px solid #e4e4e7",
                          fontSize: 14,
                          fontWeight: 600,
                          color: "#18181b",
                        }}
                      >
                        {brand}
                      </td>
                    </tr>
                    <tr>
                      <td
                        style={{ padding: 24, fontSize: 14, lineHeight: 1.6, color: "#18181b" }}
                        dangerouslySetInnerHTML={{ __html: bodyHtml }}
                      />
                    </tr>
                    <tr>
                      <td
                        style={{
                          padding: "12px 24px",
                          borderTop: "1px solid #e4e4e7",
                          fontSize: 12,
                          color: "#71717a",
                        }}
                      >
                        {footer}
                      </td>
                    </tr>
                  </tbody>
                </table>
              </td>
            </tr>
          </tbody>
        </table>
      </body>
    </html>
  );
}
