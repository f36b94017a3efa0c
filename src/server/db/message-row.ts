// A message as Relay reads it: every column but `search_text`, the folded copy of its text that
// only search's SQL compares (services/search). Reads and RETURNING name these columns, so a
// page of history does not carry each text twice.
import { getTableColumns } from "drizzle-orm";
import { messages } from "./schema";

const { searchText, ...columns } = getTableColumns(messages);
void searchText;

export const messageRow = columns;
export type MessageRow = Omit<typeof messages.$inferSelect, "searchText">;
