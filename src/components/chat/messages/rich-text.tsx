"use client";
// A message's text with its formatting, built as elements from the parsed parts: the text
// itself is never markup, and only http(s) addresses become links.
import { Fragment, useMemo, type ReactNode } from "react";
import { withEmojiFont } from "@/components/ui/emoji-text";
import { parseRichText, type RichNode } from "@/lib/rich-text";

/** The line break typed before or after a code block: the block stands on lines of its own already. */
function besideBlock(nodes: RichNode[], i: number, text: string): string {
  let shown = text;
  if (nodes[i - 1]?.type === "pre") shown = shown.replace(/^\n/, "");
  if (nodes[i + 1]?.type === "pre") shown = shown.replace(/\n$/, "");
  return shown;
}

function render(nodes: RichNode[], mine: boolean): ReactNode[] {
  return nodes.map((node, i) => {
    switch (node.type) {
      case "text":
        return <Fragment key={i}>{withEmojiFont(besideBlock(nodes, i, node.text))}</Fragment>;
      case "bold":
        return <strong key={i} className="font-semibold">{render(node.children, mine)}</strong>;
      case "italic":
        return <em key={i}>{render(node.children, mine)}</em>;
      case "strike":
        return <s key={i}>{render(node.children, mine)}</s>;
      case "code":
        return (
          <code key={i} className={`rounded px-1 py-px font-mono text-[0.9em] ${mine ? "bg-white/20" : "bg-slate-200/80 dark:bg-slate-700/80"}`}>
            {node.text}
          </code>
        );
      case "pre":
        return (
          <pre
            key={i}
            className={`my-1 overflow-x-auto whitespace-pre rounded-md px-2 py-1.5 font-mono text-[13px] leading-snug ${
              mine ? "bg-white/15" : "bg-slate-100 dark:bg-slate-950/60"
            }`}
          >
            <code>{node.text}</code>
          </pre>
        );
      case "link":
        return (
          <a
            key={i}
            href={node.href}
            target="_blank"
            rel="noopener noreferrer"
            className={`break-all underline underline-offset-2 ${mine ? "text-white decoration-white/70" : "text-brand-600 dark:text-brand-100"}`}
          >
            {node.text}
          </a>
        );
    }
  });
}

/** Message text (or a caption) with **bold**, _italic_, ~~strike~~, `code`, code blocks and links. */
export function RichText({ text, mine }: { text: string; mine: boolean }) {
  // A list re-renders its bubbles often (receipts, typing, reactions): each text is read once.
  const nodes = useMemo(() => parseRichText(text), [text]);
  return (
    <div data-testid="message-text" className="whitespace-pre-wrap break-words text-[15px] leading-snug">
      {render(nodes, mine)}
    </div>
  );
}
