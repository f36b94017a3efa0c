// Why the server closed a live connection (WebSocket close codes 4000-4999 are free for
// applications). The server closes with them and the browser reads them, so they live here.
export const CloseCode = {
  noToken: 4001,
  invalidToken: 4002,
  /** A cookie-authenticated connection from a page of another origin. */
  crossSite: 4003,
  disconnectedByAdmin: 4004,
  banned: 4005,
  /** The session was signed out (on this device or another): sign in again, do not reconnect. */
  sessionRevoked: 4006,
  serverShutdown: 4007,
  /** More frames than a socket's budget: reconnect, and send more slowly. */
  tooManyMessages: 4008,
  /** The client read its events too slowly and the server's buffer for it filled: reconnect to resume. */
  tooSlow: 4009,
  /** A plain JSON socket (/ws/plain) sent too many frames it could not read: fix the client before reconnecting. */
  badFrames: 4010,
} as const;
