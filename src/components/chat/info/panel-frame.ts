/** Where a chat's info panel sits: beside the conversation on a wide screen, over it on a phone. */
export const panelFrame =
  "fixed inset-0 z-30 flex flex-col bg-white md:static md:z-auto md:w-80 md:shrink-0 md:border-l md:border-slate-200 lg:w-96 dark:bg-slate-950 md:dark:border-slate-800";
