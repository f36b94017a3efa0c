import type { Metadata } from "next";
import { DevicesPanel } from "@/components/settings/devices-panel";

export const metadata: Metadata = { title: "Devices" };

export default function DevicesPage() {
  return <DevicesPanel />;
}
