import type { Metadata } from "next";
import { BannedNotice } from "@/components/auth/banned-notice";

export const metadata: Metadata = { title: "Signed out" };

export default function BannedPage() {
  return <BannedNotice />;
}
