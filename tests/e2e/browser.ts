/** Shared browser plumbing for the end-to-end tests. */
import { inject } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import { chromiumArgs } from "./chromium";

export const baseURL = inject("baseURL");

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: inject("chromiumPath"), args: chromiumArgs });
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${baseURL}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * Polls until `read` returns the expected value (client-side state settles a render after the event
 * that changed it); fails with the last value seen after `timeoutMs`.
 */
export async function expectEventually<T>(
  read: () => Promise<T>,
  expected: T,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (Object.is(last, expected)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected ${String(expected)}, still ${String(last)} after ${timeoutMs} ms`);
}

/** Polls `probe` every 250 ms until it returns something, for up to 15 s. */
export async function until<T>(
  probe: () => Promise<T | null | undefined>,
  what: string,
): Promise<T> {
  for (let i = 0; i < 60; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Posts a raw message (LF line ends are sent as CRLF) to the inbound endpoint. */
export function postRaw(raw: string, secret = inject("inboundSecret")): Promise<Response> {
  return fetch(`${baseURL}/api/inbound/email`, {
    method: "POST",
    headers: { authorization: `Bearer ${secret}`, "content-type": "message/rfc822" },
    body: raw.replace(/\n/g, "\r\n"),
  });
}
