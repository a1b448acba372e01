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
