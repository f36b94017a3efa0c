import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AdminDashboard } from "@/components/admin/admin-dashboard";
import { TRPCReactProvider } from "@/trpc/react";
import { getSessionUser } from "@/trpc/server";

export const metadata: Metadata = { title: "Admin" };

/** For admins only; to everyone else, signed in or not, the page does not exist. */
export default async function AdminPage() {
  const user = await getSessionUser();
  if (user?.role !== "admin") notFound();
  return (
    <TRPCReactProvider>
      <AdminDashboard meId={user.id} />
    </TRPCReactProvider>
  );
}
