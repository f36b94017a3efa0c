import type { Metadata } from "next";
import { Suspense } from "react";
import { LoginForm } from "@/components/auth/login-form";
import { SignedOutNotice } from "@/components/auth/signed-out-notice";

export const metadata: Metadata = { title: "Sign in" };

export default function LoginPage() {
  return (
    <Suspense>
      <SignedOutNotice />
      <LoginForm />
    </Suspense>
  );
}
