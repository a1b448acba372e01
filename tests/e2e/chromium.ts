/**
 * Finds a Chromium for the end-to-end tests: CHROMIUM_PATH, else the system browser, else one that
 * Playwright manages. When none is found, `npx playwright install chromium` is tried once before
 * failing with a message that says what to install.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { chromium } from "playwright-core";

const systemPaths = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

function playwrightManagedPath(): string | undefined {
  try {
    const candidate = chromium.executablePath();
    return candidate && fs.existsSync(candidate) ? candidate : undefined;
  } catch {
    return undefined;
  }
}

export function findChromium(): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!fs.existsSync(configured)) {
      throw new Error(`CHROMIUM_PATH is set to ${configured}, but there is no file there.`);
    }
    return configured;
  }
  const found = systemPaths.find((p) => fs.existsSync(p)) ?? playwrightManagedPath();
  if (found) return found;

  console.warn("[e2e] no Chromium found; trying `npx playwright-core install chromium` …");
  try {
    execFileSync("npx", ["--no-install", "playwright-core", "install", "chromium"], {
      stdio: "inherit",
      timeout: 300_000,
    });
  } catch {
    // Reported below.
  }
  const installed = playwrightManagedPath();
  if (installed) return installed;
  throw new Error(
    "No Chromium was found for the end-to-end tests, and downloading one failed.\n" +
      "Install one of:\n" +
      "  - Debian/Ubuntu: sudo apt-get install chromium\n" +
      "  - any system with internet access: npx playwright install chromium\n" +
      "or point CHROMIUM_PATH at an existing Chrome/Chromium binary.",
  );
}

export const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
