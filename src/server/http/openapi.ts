// The OpenAPI 3.1 document of the REST API (GET /api/docs): generated from the procedures'
// zod inputs and outputs and the route table (api/rest-meta.ts), plus the plain HTTP routes
// that are no procedures (file upload and download, health).
import { generateOpenApiDocument, type OpenAPIObject, type OpenApiRouter } from "trpc-to-openapi";
import { appRouter } from "@/server/api/root";
import { restRoutes, type RestProcedure } from "@/server/api/rest-meta";
import { plainHttpPaths, plainHttpSchemas } from "./openapi-plain";
import { addExamples } from "./openapi-examples";
import { REST_PREFIX } from "./rest";


type AnyProcedure = { _def: Record<string, unknown> & { meta?: Record<string, unknown> } };

/** The router as trpc-to-openapi reads it: each procedure with its route as `meta.openapi`. */
function routedProcedures(): OpenApiRouter {
  const procedures = appRouter._def.procedures as unknown as Record<string, AnyProcedure>;
  const routed: Record<string, AnyProcedure> = {};
  for (const [name, route] of Object.entries(restRoutes)) {
    const procedure = procedures[name as RestProcedure];
    if (!procedure) throw new Error(`No procedure ${name} for its REST route`);
    const [tag] = name.split(".");
    routed[name] = {
      ...procedure,
      _def: {
        ...procedure._def,
        meta: {
          ...procedure._def.meta,
          openapi: { method: route.method, path: `${REST_PREFIX}${route.path}`, summary: route.summary, protect: !route.public, tags: [tag], operationId: name },
        },
      },
    };
  }
  return { _def: { ...appRouter._def, procedures: routed } } as unknown as OpenApiRouter;
}

type Schemas = NonNullable<NonNullable<OpenAPIObject["components"]>["schemas"]>;

/** What every refusal answers (rest.ts): the tRPC code, a sentence, and zod's field errors for bad input. */
const errorSchema = (code: string) => ({
  type: "object",
  required: ["message", "code", "fieldErrors"],
  properties: {
    message: { type: "string", description: "A sentence a person can act on" },
    code: { type: "string", const: code, description: "The tRPC error code" },
    fieldErrors: {
      anyOf: [{ type: "object", additionalProperties: { type: "array", items: { type: "string" } } }, { type: "null" }],
      description: "BAD_REQUEST: each invalid input field with its messages",
    },
    requestId: { type: "string", description: "Unexpected failures: the id the server log carries" },
    retryAfterSeconds: { type: "integer", description: "TOO_MANY_REQUESTS: how long to wait (also the Retry-After header)" },
  },
});

let built: OpenAPIObject | null = null;

export function openApiDocument(): OpenAPIObject {
  if (built) return built;
  const document = generateOpenApiDocument(routedProcedures(), {
    title: "Relay API",
    version: "1.0.0",
    description:
      "Every Relay procedure as REST under /api/v1. Authorize with `Authorization: Bearer <token>` (the token " +
      "`POST /api/v1/auth/register` and `POST /api/v1/auth/login` answer). Errors answer `{ message, code, fieldErrors }` " +
      "with the tRPC code and its HTTP status. Live events are the tRPC subscription `events.stream`, over WebSocket (/ws) " +
      "or Server-Sent Events (`GET /api/trpc/events.stream`).",
    baseUrl: "/",
    securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "The session token from register or login" } },
  });
  const schemas: Schemas = { ...document.components?.schemas, ...(plainHttpSchemas as unknown as Schemas) };
  for (const name of Object.keys(schemas)) {
    if (name.startsWith("error.")) schemas[name] = errorSchema(name.slice("error.".length)) as Schemas[string];
  }
  document.paths = { ...document.paths, ...(plainHttpPaths as unknown as OpenAPIObject["paths"]) };
  document.components = { ...document.components, schemas };
  built = addExamples(document);
  return built;
}
