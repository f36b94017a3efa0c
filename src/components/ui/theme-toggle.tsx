"use client";
import { Monitor, Moon, Sun } from "lucide-react";
import { useEffect, useState } from "react";
import { IconButton } from "./button";

type Theme = "light" | "dark" | "system";
const order: Theme[] = ["system", "light", "dark"];
const STORAGE_KEY = "relay-theme";

/**
 * Runs before paint (inlined in <head>) so the page never flashes the wrong theme; with
 * "system" the page also follows the system when it switches (at dusk, say) without a reload.
 */
export const themeScript = `(function(){try{var m=matchMedia("(prefers-color-scheme: dark)");var a=function(){var t=localStorage.getItem("${STORAGE_KEY}")||"system";document.documentElement.classList.toggle("dark",t==="dark"||(t==="system"&&m.matches))};a();m.addEventListener("change",a)}catch(e){}})()`;

function apply(theme: Theme) {
  const dark = theme === "dark" || (theme === "system" && matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
}

export function ThemeToggle({ className, iconClassName = "h-5 w-5" }: { className?: string; iconClassName?: string }) {
  const [theme, setTheme] = useState<Theme>("system");
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage is only readable after mount
    setTheme((localStorage.getItem(STORAGE_KEY) as Theme | null) ?? "system");
  }, []);
  const next = order[(order.indexOf(theme) + 1) % order.length]!;
  const Icon = theme === "dark" ? Moon : theme === "light" ? Sun : Monitor;
  return (
    <IconButton
      className={className}
      aria-label={`Theme: ${theme}. Switch to ${next}`}
      title={`Theme: ${theme}`}
      onClick={() => {
        localStorage.setItem(STORAGE_KEY, next);
        apply(next);
        setTheme(next);
      }}
    >
      <Icon className={iconClassName} aria-hidden="true" />
    </IconButton>
  );
}
