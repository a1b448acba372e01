/**
 * The Inngest client. It reads INNGEST_EVENT_KEY, INNGEST_SIGNING_KEY and INNGEST_DEV itself; whether
 * the app sends events to Inngest at all is decided in lib/events/dispatch.ts from the validated env.
 */
import { Inngest } from "inngest";

export const inngest = new Inngest({ id: "helpdesk" });
