/**
 * A made-up ticket for the template editor's preview (when no real ticket is chosen) and for checking
 * a template's masks before it is saved: every mask has a value here.
 */
import { linkValue, type MaskData } from "./masks";

export function sampleMaskData(): MaskData {
  const url = "https://helpdesk.example.com/portal/auth?token=sample";
  return {
    values: {
      What_Happened: "Casey Customer opened a new ticket",
      What_Happened_Short: "New ticket",
      TicketID: "TKT-042",
      Subject: "The printer is on fire",
      Body: "Hello,\nthe printer on floor 3 is on fire again. Can someone have a look?",
      Category: "Technical",
      Priority: "High",
      Status: "Open",
      From: "Casey Customer",
      FromEmail: "casey@example.com",
      FirstName: "Casey",
      LastName: "Customer",
      Username: "casey@example.com",
      Originator: "Casey Customer",
      Company: "example.com",
      Technician: "Ana Agent",
      TechnicianEmail: "ana@helpdesk.example.com",
      Date: "21 Nov 2026, 09:30 UTC",
      DueDate: "24 Nov 2026, 17:00 UTC",
      TimeSpent: "1 h 15 min",
      Via: "Email",
      URL: linkValue(url),
      Recipients: "Casey Customer <casey@example.com>",
      Subscribers: "Sam Subscriber <sam@example.com>",
      NonTechSubscribers: "Sam Subscriber <sam@example.com>",
      Attachments: "photo.jpg (240 KB)",
      Recent_Attachments: "photo.jpg (240 KB)",
      Unsubscribe: linkValue(
        "https://helpdesk.example.com/unsubscribe?token=sample",
        "Stop receiving updates about this ticket",
      ),
    },
    messages: [
      {
        author: "Ana Agent",
        date: "21 Nov 2026, 10:02 UTC",
        body: "Thanks Casey, facilities are on their way.",
      },
      {
        author: "Casey Customer",
        date: "21 Nov 2026, 09:30 UTC",
        body: "Hello,\nthe printer on floor 3 is on fire again. Can someone have a look?",
      },
    ],
    customFields: [
      { id: 1, label: "Order number", value: "A-1001" },
      { id: 2, label: "Floor", value: "3" },
    ],
    ratingLinks: [
      { label: "Good", url: "https://helpdesk.example.com/portal/tickets/TKT-042/rate?score=5" },
      { label: "OK", url: "https://helpdesk.example.com/portal/tickets/TKT-042/rate?score=3" },
      { label: "Bad", url: "https://helpdesk.example.com/portal/tickets/TKT-042/rate?score=1" },
    ],
  };
}
