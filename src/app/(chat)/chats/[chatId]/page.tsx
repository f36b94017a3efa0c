import { Conversation } from "@/components/chat/conversation/conversation";

export default async function ChatPage({ params }: { params: Promise<{ chatId: string }> }) {
  const { chatId } = await params;
  return <Conversation key={chatId} chatId={chatId} />;
}
