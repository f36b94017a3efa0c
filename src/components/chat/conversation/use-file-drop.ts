"use client";
import { useRef, useState, type DragEvent } from "react";

const carriesFiles = (e: DragEvent) => Array.from(e.dataTransfer.types).includes("Files");

/**
 * Files dragged over an area: `dragging` while they hover (to show the drop zone), `onFiles`
 * when they are dropped. Counts enters and leaves, since each child the pointer crosses
 * fires its own.
 */
export function useFileDrop(onFiles: (files: File[]) => void, enabled: boolean) {
  const depth = useRef(0);
  const [dragging, setDragging] = useState(false);
  if (!enabled) return { dragging: false, handlers: {} };
  return {
    dragging,
    handlers: {
      onDragEnter: (e: DragEvent) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        depth.current++;
        setDragging(true);
      },
      onDragOver: (e: DragEvent) => {
        if (!carriesFiles(e)) return;
        // Without this the browser opens the file instead of letting it drop here.
        e.preventDefault();
        e.dataTransfer.dropEffect = "copy";
      },
      onDragLeave: (e: DragEvent) => {
        if (!carriesFiles(e)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setDragging(false);
      },
      onDrop: (e: DragEvent) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        depth.current = 0;
        setDragging(false);
        const files = Array.from(e.dataTransfer.files);
        if (files.length) onFiles(files);
      },
    },
  };
}
