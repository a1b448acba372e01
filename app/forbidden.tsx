import Link from "next/link";
import { Button } from "@/components/ui/button";

export default function Forbidden() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-4 p-6 text-center">
      <p className="text-sm font-medium text-muted-foreground">403</p>
      <h1 className="text-2xl font-semibold">You don&apos;t have access to this page</h1>
      <p className="text-muted-foreground">
        It is for administrators. Ask an admin of this helpdesk if you need it.
      </p>
      <Button asChild>
        <Link href="/tickets">Back to tickets</Link>
      </Button>
    </main>
  );
}
