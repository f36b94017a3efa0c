import type { Metadata } from "next";
import { MusicLibrary } from "@/components/media/music-library";

export const metadata: Metadata = { title: "Music" };

export default function MusicPage() {
  return <MusicLibrary />;
}
