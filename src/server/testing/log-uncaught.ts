// Preloaded into a spawned server: what Next's router server installs in the real program (an
// uncaught exception is logged to stderr and the process goes on). With stderr closed, such a
// handler is what turns one failed write into an endless loop of them.
process.on("uncaughtException", (error) => console.error("uncaughtException: ", error));
