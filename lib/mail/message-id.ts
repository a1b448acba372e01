/** Our RFC 5322 Message-IDs: `<random@domain-of-MAIL_FROM>`, unique without coordination. */
import crypto from "node:crypto";

export function createMessageId(fromEmail: string): string {
  const domain = fromEmail.slice(fromEmail.lastIndexOf("@") + 1) || "localhost";
  return `<${crypto.randomBytes(18).toString("base64url")}@${domain.toLowerCase()}>`;
}
