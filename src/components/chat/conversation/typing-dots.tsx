/** Three bouncing dots beside "typing…". */
export function TypingDots() {
  return (
    <span className="inline-flex items-end gap-0.5 pb-0.5" aria-hidden="true">
      {[0, 150, 300].map((delay) => (
        <span key={delay} className="h-1 w-1 animate-bounce rounded-full bg-current" style={{ animationDelay: `${delay}ms` }} />
      ))}
    </span>
  );
}
