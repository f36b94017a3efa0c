// Describing uploaded files to those who may see them (the bytes travel over plain HTTP).
import type { Database } from "@/server/db";
import { requireVisibleFile } from "./file-access";
import { type FileView, toFileView } from "./views";

export async function fileById(db: Database, userId: string, fileId: string): Promise<FileView> {
  return toFileView(await requireVisibleFile(db, userId, fileId));
}
