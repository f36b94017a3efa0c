"use client";
// The sections of Settings, under the pane's header on each settings page.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useMe } from "@/components/chat/me-context";

const SECTIONS = [
  { href: "/settings/profile", label: "Profile" },
  { href: "/settings/devices", label: "Devices" },
  { href: "/settings/notifications", label: "Notifications" },
] as const;

const INACTIVE = "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100";

export function SettingsNav() {
  const pathname = usePathname();
  const me = useMe();
  return (
    <nav aria-label="Settings" className="border-b border-slate-200 bg-white px-3 dark:border-slate-800 dark:bg-slate-950">
      <ul className="mx-auto flex max-w-2xl gap-1">
        {SECTIONS.map((section) => {
          const current = pathname === section.href;
          return (
            <li key={section.href}>
              <Link
                href={section.href}
                aria-current={current ? "page" : undefined}
                className={`-mb-px inline-block border-b-2 px-3 py-2.5 text-sm font-medium transition-colors ${
                  current
                    ? "border-brand-600 text-brand-700 dark:border-brand-500 dark:text-brand-400"
                    : INACTIVE
                }`}
              >
                {section.label}
              </Link>
            </li>
          );
        })}
        {me.role === "admin" ? (
          <li className="ml-auto">
            {/* Served by the server itself, not a page of the app: a plain link. */}
            <a href="/docs" className={`-mb-px inline-block border-b-2 px-3 py-2.5 text-sm font-medium transition-colors ${INACTIVE}`}>
              API reference
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
