import { Conversation } from "@/components/chat/conversation/conversation";

type SearchParams = Record<string, string | string[] | undefined>;

/** `/chats/<chatId>`, or `/chats/<chatId>?message=<messageId>`: the chat opened at that message. */
export default async function ChatPage({ params, searchParams }: { params: Promise<{ chatId: string }>; searchParams: Promise<SearchParams> }) {
  const { chatId } = await params;
  const { message } = await searchParams;
  const openAt = (Array.isArray(message) ? message[0] : message) || null;
  // Another message of the same chat keeps the conversation (and what is being typed).
  return <Conversation key={chatId} chatId={chatId} openAt={openAt} />;
}
