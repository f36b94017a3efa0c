"use client";
// The admin dashboard: totals and the messages chart, then users, messages, reports,
// reactions and the audit log, one section at a time.
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { ThemeToggle } from "@/components/ui/theme-toggle";
import { Toaster } from "@/components/ui/toast";
import { AdminLive } from "./admin-live";
import { AuditTable } from "./audit-table";
import { type MessageFilter, MessagesTable } from "./messages-table";
import { Overview } from "./overview";
import { ReactionsTable } from "./reactions-table";
import { ReportsPanel } from "./reports-panel";
import { UsersTable } from "./users-table";

const sections = [
  { id: "overview", label: "Overview" },
  { id: "users", label: "Users" },
  { id: "messages", label: "Messages" },
  { id: "reports", label: "Reports" },
  { id: "reactions", label: "Reactions" },
  { id: "audit", label: "Audit log" },
] as const;
type Section = (typeof sections)[number]["id"];

export function AdminDashboard({ meId }: { meId: string }) {
  const [section, setSection] = useState<Section>("overview");
  const [messageFilter, setMessageFilter] = useState<MessageFilter>({});
  const current = sections.find((s) => s.id === section)!;

  return (
    <div className="min-h-dvh text-slate-900 dark:text-slate-100">
      <div aria-hidden="true" className="fixed inset-0 -z-10 bg-slate-50 dark:bg-slate-950" />
      <header className="sticky top-0 z-10 border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-900/90">
        <div className="mx-auto flex max-w-7xl items-center gap-2 px-3 py-2">
          <Link
            href="/chats"
            className="inline-flex items-center gap-1 rounded-lg px-2 py-1.5 text-sm text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
          >
            <ArrowLeft className="h-4 w-4" aria-hidden="true" />
            Chats
          </Link>
          <h1 className="flex-1 text-lg font-semibold">Relay admin</h1>
          <ThemeToggle />
        </div>
        <nav aria-label="Admin sections" className="mx-auto max-w-7xl overflow-x-auto px-3">
          <ul className="flex gap-1">
            {sections.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  aria-current={s.id === section ? "page" : undefined}
                  onClick={() => setSection(s.id)}
                  className={`whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ${
                    s.id === section
                      ? "border-brand-600 text-brand-700 dark:border-brand-500 dark:text-brand-400"
                      : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white"
                  }`}
                >
                  {s.label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main className="mx-auto max-w-7xl p-3 sm:p-4">
        <h2 className="sr-only">{current.label}</h2>
        {section === "overview" ? (
          <Overview />
        ) : (
          <div className="rounded-2xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
            {section === "users" ? (
              <UsersTable
                meId={meId}
                onShowMessages={(id, label) => {
                  setMessageFilter({ user: { id, label } });
                  setSection("messages");
                }}
              />
            ) : section === "messages" ? (
              <MessagesTable filter={messageFilter} onFilter={setMessageFilter} />
            ) : section === "reports" ? (
              <ReportsPanel />
            ) : section === "reactions" ? (
              <ReactionsTable />
            ) : (
              <AuditTable />
            )}
          </div>
        )}
      </main>
      <AdminLive />
      <Toaster />
    </div>
  );
}
