import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-full flex-col items-center justify-center gap-3 p-6 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="text-slate-500 dark:text-slate-400">That page does not exist, or you do not have access to it.</p>
      <Link href="/chats" className="text-brand-600 dark:text-brand-400 underline">
        Back to your chats
      </Link>
    </main>
  );
}
