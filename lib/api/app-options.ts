/** The running app's settings for the API handlers (route files pass them; tests pass their own). */
import { getEnv } from "@/lib/env";
import type { ApiOptions } from "./handler";

export function apiOptions(): ApiOptions {
  return { publicUrl: getEnv().appUrl };
}
