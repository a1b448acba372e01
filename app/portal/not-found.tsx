/**
 * A portal address with nothing behind it for this requester — a ticket that does not exist and one
 * of someone else's look exactly alike.
 */
import Link from "next/link";

export default function PortalNotFound() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-4 p-6 text-center">
      <p className="text-sm font-medium text-muted-foreground">404</p>
      <h1 className="text-2xl font-semibold">Request not found</h1>
      <p className="text-muted-foreground">
        There is no request at this address for you. Your requests are listed on the portal&apos;s
        start page.
      </p>
      <Link href="/portal" className="underline underline-offset-4">
        My requests
      </Link>
    </main>
  );
}
