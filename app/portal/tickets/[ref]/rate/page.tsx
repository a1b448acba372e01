/**
 * The rating links of the "ticket closed" email (`/portal/tickets/TKT-001/rate?score=5`): the
 * ticket page with that score preselected. A GET never records a rating (mail scanners follow
 * links); the requester confirms with "Send rating".
 */
export { default, generateMetadata } from "../page";
