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
<style>
/* Swagger UI's own colours fall short of WCAG AA contrast (4.5:1): darker shades of each. */
.swagger-ui .info .title small{background:#5b6270}
.swagger-ui .info .title small.version-stamp{background-color:#3f6b00}
.swagger-ui .info a{color:#1d64db}
.swagger-ui .btn.authorize{border-color:#0f7a4c;color:#0f7a4c}
.swagger-ui .btn.authorize svg{color:#0f7a4c}
.swagger-ui .opblock.opblock-get .opblock-summary-method{background:#1d64db}
.swagger-ui .opblock.opblock-post .opblock-summary-method{background:#0f7a4c}
.swagger-ui .opblock.opblock-delete .opblock-summary-method{background:#c81e1e}
.swagger-ui .opblock.opblock-put .opblock-summary-method{background:#a84f00}
.swagger-ui .opblock.opblock-patch .opblock-summary-method{background:#0b6e68}
.swagger-ui .json-schema-2020-12-expand-deep-button{color:#595959}
</style>
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script>
</body>
</html>
`;

// Deep links are off: Swagger UI puts each one inside the operation's expand button, a link
// in a button that keyboards and screen readers cannot reach on its own.
const INIT = `window.ui = SwaggerUIBundle({
  url: "/api/docs",
  dom_id: "#swagger-ui",
  deepLinking: false,
  validatorUrl: null,
  persistAuthorization: true,
  tryItOutEnabled: true,
});
// The server picker is a select in an empty label: give it a name.
new MutationObserver(function () {
  var servers = document.getElementById("servers");
  if (servers && !servers.hasAttribute("aria-label")) servers.setAttribute("aria-label", "Server");
}).observe(document.getElementById("swagger-ui"), { childList: true, subtree: true });
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
