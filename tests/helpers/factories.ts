/** Row factories: each test builds exactly the data it needs, with unique values. */
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import {
  categories,
  contacts,
  messages,
  tickets,
  users,
  type Contact,
  type NewMessage,
  type NewTicket,
  type Ticket,
  type User,
  type UserRole,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { hashPassword } from "@/lib/auth/password";

let sequence = 0;
const next = () => ++sequence;

export async function makeUser(
  db: Database,
  overrides: Partial<{
    email: string;
    name: string;
    role: UserRole;
    password: string;
    isActive: boolean;
  }> = {},
): Promise<User & { password: string }> {
  const n = next();
  const password = overrides.password ?? `password-${n}-long-enough`;
  const [user] = await db
    .insert(users)
    .values({
      email: overrides.email ?? `agent${n}@example.test`,
      name: overrides.name ?? `Agent ${n}`,
      role: overrides.role ?? "agent",
      isActive: overrides.isActive ?? true,
      passwordHash: await hashPassword(password),
    })
    .returning();
  return { ...user!, password };
}

export function actorFor(user: User): Actor {
  return { type: "user", id: user.id, role: user.role, name: user.name, email: user.email };
}

export async function makeContact(
  db: Database,
  overrides: Partial<Contact> = {},
): Promise<Contact> {
  const n = next();
  const [contact] = await db
    .insert(contacts)
    .values({ email: `customer${n}@example.test`, name: `Customer ${n}`, ...overrides })
    .returning();
  return contact!;
}

export async function makeTicket(
  db: Database,
  overrides: Partial<NewTicket> & { categorySlug?: string } = {},
): Promise<Ticket> {
  const { categorySlug, ...fields } = overrides;
  const requesterId = fields.requesterId ?? (await makeContact(db)).id;
  let categoryId = fields.categoryId;
  if (categorySlug) {
    const [category] = await db.select().from(categories).where(eq(categories.slug, categorySlug));
    categoryId = category?.id;
  }
  const [ticket] = await db
    .insert(tickets)
    .values({ subject: `Ticket ${next()}`, channel: "email", ...fields, requesterId, categoryId })
    .returning();
  return ticket!;
}

export async function addMessage(db: Database, values: NewMessage) {
  const [message] = await db.insert(messages).values(values).returning();
  return message!;
}
