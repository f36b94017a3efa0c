import type { Metadata } from "next";
import { RegisterForm } from "@/components/auth/register-form";
import { TRPCReactProvider } from "@/trpc/react";

export const metadata: Metadata = { title: "Create account" };

export default function RegisterPage() {
  return (
    <TRPCReactProvider>
      <RegisterForm />
    </TRPCReactProvider>
  );
}
