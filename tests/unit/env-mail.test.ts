import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

const localSecret = () => "a-locally-generated-secret-of-sufficient-length";

function problemsOf(source: Record<string, string>): string[] {
  try {
    parseEnv(source, localSecret);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).problems.map((p) => p.variable);
  }
  return [];
}

describe("mail and background-work environment", () => {
  it("uses the dev mailbox and in-process work when nothing is configured", () => {
    const env = parseEnv({}, localSecret);
    expect(env.mail).toEqual({
      from: { email: "support@localhost", name: "Helpdesk" },
      transport: { kind: "dev" },
    });
    expect(env.inngest).toMatchObject({ isConfigured: false, isDev: false });
  });

  it("prefers Resend over SMTP and reads RESEND_BASE_URL", () => {
    const env = parseEnv(
      {
        RESEND_API_KEY: "re_123",
        RESEND_BASE_URL: "http://127.0.0.1:9999",
        SMTP_URL: "smtp://mail.example.com:587",
        MAIL_FROM: '"Acme Support" <help@acme.example>',
      },
      localSecret,
    );
    expect(env.mail.transport).toEqual({
      kind: "resend",
      apiKey: "re_123",
      baseUrl: "http://127.0.0.1:9999",
    });
    expect(env.mail.from).toEqual({ email: "help@acme.example", name: "Acme Support" });
  });

  it("uses SMTP when only SMTP_URL is set", () => {
    const env = parseEnv({ SMTP_URL: "smtps://u:p@smtp.example.com:465" }, localSecret);
    expect(env.mail.transport).toEqual({ kind: "smtp", url: "smtps://u:p@smtp.example.com:465" });
    expect(parseEnv({ MAIL_FROM: "bare@example.com" }, localSecret).mail.from).toEqual({
      email: "bare@example.com",
      name: "",
    });
  });

  it("names a malformed SMTP_URL, MAIL_FROM, RESEND_BASE_URL and INNGEST_DEV", () => {
    expect(problemsOf({ SMTP_URL: "http://mail.example.com" })).toEqual(["SMTP_URL"]);
    expect(problemsOf({ SMTP_URL: "not a url" })).toEqual(["SMTP_URL"]);
    expect(problemsOf({ MAIL_FROM: "Helpdesk <nobody>" })).toEqual(["MAIL_FROM"]);
    expect(problemsOf({ MAIL_FROM: "Help\r\nBcc: x <a@b.c>" })).toEqual(["MAIL_FROM"]);
    expect(problemsOf({ RESEND_BASE_URL: "localhost:3000" })).toEqual(["RESEND_BASE_URL"]);
    expect(problemsOf({ INNGEST_DEV: "maybe" })).toEqual(["INNGEST_DEV"]);
    try {
      parseEnv({ SMTP_URL: "ftp://x" }, localSecret);
    } catch (error) {
      expect((error as Error).message).toContain("SMTP_URL: must be an smtp:// or smtps:// URL");
    }
  });

  it("turns Inngest on with INNGEST_DEV or an event key, and off with INNGEST_DEV=0", () => {
    expect(parseEnv({ INNGEST_DEV: "1" }, localSecret).inngest).toMatchObject({
      isConfigured: true,
      isDev: true,
    });
    expect(parseEnv({ INNGEST_DEV: "http://localhost:8288" }, localSecret).inngest).toMatchObject({
      isConfigured: true,
      devServerUrl: "http://localhost:8288",
    });
    expect(parseEnv({ INNGEST_DEV: "0" }, localSecret).inngest.isConfigured).toBe(false);
    expect(
      parseEnv({ INNGEST_EVENT_KEY: "ek", INNGEST_SIGNING_KEY: "sk" }, localSecret).inngest,
    ).toMatchObject({ isConfigured: true, isDev: false, eventKey: "ek", signingKey: "sk" });
  });
});
