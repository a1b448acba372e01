import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LifeBuoy } from "lucide-react";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { getSessionActor } from "@/lib/auth/session";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { callbackUrl } = await searchParams;
  const target = safeCallbackUrl(callbackUrl);
  if (await getSessionActor()) redirect(target);

  return (
    <main className="flex min-h-screen items-center justify-center bg-muted/40 p-6">
      <Card className="w-full max-w-sm">
        <CardHeader className="items-center text-center">
          <LifeBuoy className="size-8 text-primary" aria-hidden />
          <CardTitle className="text-xl">Sign in to Helpdesk</CardTitle>
          <p className="text-sm text-muted-foreground">For agents and administrators.</p>
        </CardHeader>
        <CardContent>
          <SignInForm callbackUrl={target} />
        </CardContent>
      </Card>
    </main>
  );
}
