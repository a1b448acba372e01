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
