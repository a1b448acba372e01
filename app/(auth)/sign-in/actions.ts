"use server";

import { AuthError } from "next-auth";
import { z } from "zod";
import { credentialsSchema, signIn } from "@/auth";
import { safeCallbackUrl } from "@/lib/auth/callback-url";

export type SignInState = {
  error?: string;
  fieldErrors?: { email?: string[]; password?: string[] };
  email?: string;
};

export async function signInAction(
  _previous: SignInState,
  formData: FormData,
): Promise<SignInState> {
  const email = String(formData.get("email") ?? "");
  const parsed = credentialsSchema.safeParse({ email, password: formData.get("password") ?? "" });
  if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors, email };

  try {
    await signIn("credentials", {
      ...parsed.data,
      redirectTo: safeCallbackUrl(formData.get("callbackUrl")),
    });
    return {};
  } catch (error) {
    // On success signIn throws Next's redirect, which must propagate.
    if (!(error instanceof AuthError)) throw error;
    const code = "code" in error && typeof error.code === "string" ? error.code : "";
    if (code.startsWith("throttled:")) {
      const minutes = Math.max(1, Math.ceil(Number(code.slice("throttled:".length)) / 60));
      return {
        error: `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
        email,
      };
    }
    if (error.type === "CredentialsSignin") return { error: "Wrong email or password.", email };
    console.error("[sign-in] unexpected auth error", error);
    return { error: "Sign-in is not available right now. Try again in a moment.", email };
  }
}
