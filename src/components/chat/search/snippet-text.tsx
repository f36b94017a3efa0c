import type { SearchSnippetPart } from "@/lib/api-types";
import { plainParts } from "@/lib/rich-text";

/** A hit's snippet as plain text (without formatting markers), the parts that matched in <mark>. */
export function SnippetText({ parts }: { parts: SearchSnippetPart[] }) {
  return (
    <>
      {plainParts(parts).map((part, i) =>
        part.match ? (
          <mark key={i} className="rounded-sm bg-amber-200 px-0.5 text-inherit dark:bg-amber-400/30 dark:text-amber-100">
            {part.text}
          </mark>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}
