/**
 * The portal's rating form with a score preselected (`/portal/tickets/TKT-001/rate?score=5`): a GET
 * here never records a rating; the requester confirms with "Send rating". The "ticket closed"
 * email's one-click links go to /rate instead (signed tokens, app/rate/page.tsx).
 */
export { default, generateMetadata } from "../page";
