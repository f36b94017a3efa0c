"use client";
import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { SearchField } from "@/components/ui/search-field";
import type { PublicUser } from "@/lib/api-types";
import { PeopleResults } from "@/components/chat/people/people-results";

/** Finds a person by name or username; picking one hands them back to be shared. */
export function ShareContactDialog({ onPick, onClose }: { onPick: (user: PublicUser) => void; onClose: () => void }) {
  const [query, setQuery] = useState("");

  return (
    <Dialog title="Share a contact" onClose={onClose}>
      <div className="sticky top-0 bg-white px-4 py-2 dark:bg-slate-900">
        <SearchField label="Search people" value={query} onChange={setQuery} onEscape={onClose} autoFocus />
      </div>
      <PeopleResults query={query} onPick={onPick} />
    </Dialog>
  );
}
