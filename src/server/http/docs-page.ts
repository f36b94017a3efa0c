// The interactive API reference at /docs: Swagger UI, served from this server's own copy of
// swagger-ui-dist (no CDN), reading the document at /api/docs. Its validator badge (which
// would send the document to validator.swagger.io) is off; the page loads nothing from
// elsewhere, and its policy says so.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { ServerResponse } from "node:http";

const dist = path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
};

/** Swagger UI sets style attributes itself, so styles may be inline; scripts only from here. */
export const DOCS_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Relay API reference</title>
<link rel="icon" href="/docs/assets/favicon-32x32.png">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script>
</body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({
  url: "/api/docs",
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,
  persistAuthorization: true,
  tryItOutEnabled: true,
});
`;

const cache = new Map<string, Buffer>();

/** Serves /docs and its assets; false when the path is none of them. */
export function serveDocsPage(res: ServerResponse, pathname: string): boolean {
  if (pathname === "/docs" || pathname === "/docs/") return send(res, "text/html; charset=utf-8", Buffer.from(PAGE), "no-cache");
  if (pathname === "/docs/assets/init.js") return send(res, "text/javascript; charset=utf-8", Buffer.from(INIT), "no-cache");
  const name = pathname.startsWith("/docs/assets/") ? pathname.slice("/docs/assets/".length) : null;
  if (name === null) return false;
  const type = ASSETS[name];
  if (!type) {
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found");
    return true;
  }
  let body = cache.get(name);
  if (!body) {
    body = readFileSync(path.join(dist, name));
    cache.set(name, body);
  }
  return send(res, type, body, "public, max-age=86400");
}

function send(res: ServerResponse, type: string, body: Buffer, cacheControl: string): true {
  res.setHeader("content-security-policy", DOCS_CONTENT_SECURITY_POLICY);
  res.writeHead(200, { "content-type": type, "content-length": body.length, "cache-control": cacheControl }).end(body);
  return true;
}
