"use client";
// The chat's dialogs, each its own chunk: a chat's first load carries none of them; one loads
// when it is first opened.
import dynamic from "next/dynamic";
import { DialogLoading } from "@/components/ui/dialog-loading";

const loading = () => <DialogLoading />;

export const ForwardDialog = dynamic(() => import("./forward-dialog").then((m) => m.ForwardDialog), { ssr: false, loading });
export const ReportDialog = dynamic(() => import("./report-dialog").then((m) => m.ReportDialog), { ssr: false, loading });
export const MessageInfoDialog = dynamic(() => import("./message-info-dialog").then((m) => m.MessageInfoDialog), { ssr: false, loading });
export const DeleteDialog = dynamic(() => import("./delete-dialog").then((m) => m.DeleteDialog), { ssr: false, loading });
export const CreatePollDialog = dynamic(() => import("./create-poll-dialog").then((m) => m.CreatePollDialog), { ssr: false, loading });
export const ShareContactDialog = dynamic(() => import("./share-contact-dialog").then((m) => m.ShareContactDialog), { ssr: false, loading });
export const NewGroupDialog = dynamic(() => import("./new-group-dialog").then((m) => m.NewGroupDialog), { ssr: false, loading });
export const QuickSwitcher = dynamic(() => import("./quick-switcher").then((m) => m.QuickSwitcher), { ssr: false, loading });
export const ScheduleDialog = dynamic(() => import("@/components/chat/composer/schedule-dialog").then((m) => m.ScheduleDialog), { ssr: false, loading });
export const ScheduledDialog = dynamic(() => import("@/components/chat/scheduled/scheduled-dialog").then((m) => m.ScheduledDialog), { ssr: false, loading });
