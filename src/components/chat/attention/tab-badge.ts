"use client";
// Unread in the tab: "(3) Chats · Relay" in the title and a count on the favicon, as Telegram
// Web does, so a pinned or background tab says there is something to read.
import { useEffect } from "react";

const COUNT_PREFIX = /^\(\d+\+?\) /;

function shown(count: number) {
  return count > 99 ? "99+" : String(count);
}

function retitle(count: number) {
  const base = document.title.replace(COUNT_PREFIX, "");
  const next = count > 0 ? `(${shown(count)}) ${base}` : base;
  if (document.title !== next) document.title = next;
}

let plainIcon: Promise<string | null> | null = null;
function iconSvg(): Promise<string | null> {
  plainIcon ??= fetch("/icon.svg")
    .then((response) => (response.ok ? response.text() : null))
    .catch(() => null);
  return plainIcon;
}

/** The app's icon with a red count in its corner. */
export function badgedIcon(svg: string, count: number): string {
  const text = shown(count);
  const badge =
    `<circle cx="46" cy="18" r="18" fill="#e11d48"/>` +
    `<text x="46" y="25" text-anchor="middle" font-family="Arial,sans-serif" font-weight="700" font-size="${text.length > 2 ? 15 : 20}" fill="#fff">${text}</text>`;
  return `data:image/svg+xml,${encodeURIComponent(svg.replace("</svg>", `${badge}</svg>`))}`;
}

async function reicon(count: number) {
  const links = document.querySelectorAll<HTMLLinkElement>('link[rel~="icon"]');
  for (const link of links) link.dataset.plainHref ??= link.href;
  const svg = count > 0 ? await iconSvg() : null;
  for (const link of links) link.href = svg ? badgedIcon(svg, count) : link.dataset.plainHref!;
}

export function useTabBadge(count: number) {
  useEffect(() => {
    retitle(count);
    void reicon(count);
    // The router sets the title of each page it shows; the count goes back in front.
    const observer = new MutationObserver(() => retitle(count));
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => observer.disconnect();
  }, [count]);
  useEffect(() => () => retitle(0), []);
}
