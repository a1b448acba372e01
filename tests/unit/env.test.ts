import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

const localSecret = () => "a-locally-generated-secret-of-sufficient-length";

describe("environment", () => {
  it("runs with no configuration in development: embedded database, generated secret, demo data", () => {
    const env = parseEnv({ NODE_ENV: "development" }, localSecret);
    expect(env.databaseUrl).toBeUndefined();
    expect(env.dataDir).toBe(path.resolve(".data"));
    expect(env.authSecret).toBe(localSecret());
    expect(env.seedDemo).toBe(true);
    expect(env.appUrl).toBe("http://localhost:3000");
  });

  it("requires AUTH_SECRET in production and names it", () => {
    expect(() => parseEnv({ NODE_ENV: "production" }, localSecret)).toThrowError(/AUTH_SECRET/);
  });

  it("names a malformed DATABASE_URL", () => {
    try {
      parseEnv({ DATABASE_URL: "mysql://nope" }, localSecret);
      expect.unreachable("a mysql URL must be refused");
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      expect((error as EnvError).problems.map((p) => p.variable)).toEqual(["DATABASE_URL"]);
      expect((error as Error).message).toContain("DATABASE_URL: must be a postgres://");
    }
  });

  it("lists every bad variable at once", () => {
    try {
      parseEnv({ APP_URL: "not a url", SEED_DEMO: "maybe", AUTH_SECRET: "short" }, localSecret);
      expect.unreachable("bad values must be refused");
    } catch (error) {
      expect((error as EnvError).problems.map((p) => p.variable).sort()).toEqual([
        "APP_URL",
        "AUTH_SECRET",
        "SEED_DEMO",
      ]);
    }
  });

  it("treats empty strings as unset and reads production settings", () => {
    const env = parseEnv(
      {
        NODE_ENV: "production",
        DATABASE_URL: "postgres://u@db:5432/helpdesk",
        AUTH_SECRET: "x".repeat(40),
        APP_URL: "https://help.example.com/",
        SEED_DEMO: "",
        DATA_DIR: "/var/lib/helpdesk",
      },
      localSecret,
    );
    expect(env.isProduction).toBe(true);
    expect(env.seedDemo).toBe(false);
    expect(env.appUrl).toBe("https://help.example.com");
    expect(env.dataDir).toBe("/var/lib/helpdesk");
  });

  it("reads the inbound size limit in MB, 25 by default, and names a bad one", () => {
    expect(parseEnv({}, localSecret).inbound.maxBytes).toBe(25 * 1024 * 1024);
    expect(parseEnv({ INBOUND_EMAIL_MAX_MB: "40" }, localSecret).inbound.maxBytes).toBe(
      40 * 1024 * 1024,
    );
    for (const bad of ["0", "101", "2.5", "lots"]) {
      expect(() => parseEnv({ INBOUND_EMAIL_MAX_MB: bad }, localSecret), bad).toThrowError(
        /INBOUND_EMAIL_MAX_MB/,
      );
    }
  });
});
