"use client";
// A chat's info panels, each its own chunk (with the gallery, member list and settings they
// hold): they load when the header's info button is first used.
import dynamic from "next/dynamic";
import { Spinner } from "@/components/ui/spinner";
import { panelFrame } from "./panel-frame";

const loading = () => (
  <aside aria-label="Chat info" className={`${panelFrame} items-center justify-center`}>
    <Spinner label="Loading chat info" />
  </aside>
);

export const GroupInfoPanel = dynamic(() => import("./group-info-panel").then((m) => m.GroupInfoPanel), { ssr: false, loading });
export const PeerInfoPanel = dynamic(() => import("./peer-info-panel").then((m) => m.PeerInfoPanel), { ssr: false, loading });
