"use client";
import { isTRPCClientError } from "@trpc/client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { TextAreaField, TextField } from "@/components/ui/text-field";
import { useHydrated } from "@/components/ui/use-hydrated";
import { registerInput } from "@/lib/validators";
import { useTRPCClient } from "@/trpc/react";
import { endApiSession } from "./end-api-session";
import { signInWithPassword } from "./sign-in";

type FieldErrors = Partial<Record<"username" | "firstName" | "lastName" | "age" | "bio" | "password", string>>;

export function RegisterForm() {
  const router = useRouter();
  const client = useTRPCClient();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // Until React takes over, a submit would fall back to a plain form post.
  const hydrated = useHydrated();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const raw = {
      username: String(form.get("username") ?? ""),
      firstName: String(form.get("firstName") ?? ""),
      lastName: String(form.get("lastName") ?? ""),
      age: form.get("age") === "" ? Number.NaN : Number(form.get("age")),
      bio: String(form.get("bio") ?? "") || undefined,
      password: String(form.get("password") ?? ""),
    };
    // The same schema the server enforces, for instant feedback; the server still decides.
    const parsed = registerInput.safeParse(raw);
    if (!parsed.success) {
      const fieldErrors: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0] as keyof FieldErrors;
        fieldErrors[key] ??= issue.message;
      }
      setErrors(fieldErrors);
      return;
    }
    setErrors({});
    setFormError(null);
    setPending(true);
    try {
      const { token } = await client.auth.register.mutate(parsed.data);
      await endApiSession(token);
      const failure = await signInWithPassword(parsed.data.username, parsed.data.password);
      if (failure) throw new Error(failure);
      router.replace("/chats");
      router.refresh();
    } catch (error) {
      setPending(false);
      if (isTRPCClientError(error) && error.data?.code === "CONFLICT") {
        setErrors({ username: error.message });
      } else if (isTRPCClientError(error) && error.data?.fieldErrors) {
        const fe = error.data.fieldErrors as Record<string, string[] | undefined>;
        setErrors(Object.fromEntries(Object.entries(fe).map(([k, v]) => [k, v?.[0]])) as FieldErrors);
      } else {
        setFormError(error instanceof Error ? error.message : "Something went wrong. Try again.");
      }
    }
  }

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      <h1 className="text-xl font-semibold">Create your account</h1>
      {formError ? (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
          {formError}
        </p>
      ) : null}
      <TextField
        label="Username"
        name="username"
        autoComplete="username"
        error={errors.username}
        hint="3–20 letters, digits or underscores"
        required
        autoFocus
      />
      <div className="grid grid-cols-2 gap-3">
        <TextField label="First name" name="firstName" autoComplete="given-name" error={errors.firstName} required />
        <TextField label="Last name" name="lastName" autoComplete="family-name" error={errors.lastName} required />
      </div>
      <TextField label="Age" name="age" type="number" inputMode="numeric" min={13} max={120} error={errors.age} required />
      <TextAreaField label="Bio (optional)" name="bio" rows={2} maxLength={500} error={errors.bio} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        error={errors.password}
        hint="At least 6 characters"
        required
      />
      <Button type="submit" className="w-full" disabled={pending || !hydrated}>
        {pending ? "Creating account…" : "Create account"}
      </Button>
      <p className="text-center text-sm text-slate-500 dark:text-slate-400">
        Already have an account?{" "}
        <Link href="/login" className="font-medium text-brand-600 dark:text-brand-400 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
