// The common GraphQL request, `POST /graphql` with a UTF-8 JSON body, served
// straight from node:http. Everything else (GET queries, other content types,
// CORS preflights, the routes in routes.ts) still goes through Express, which
// answers these requests the same way but spent more CPU on its router, body
// parser and response helpers than a small query costs to execute. The
// statuses, headers and error bodies here are the Express path's.
import type { IncomingMessage, ServerResponse } from "node:http";
import { type ApolloServer, HeaderMap } from "@apollo/server";
import type { RequestContext } from "../context.ts";
import { corsHeaders } from "./cors.ts";
import { sendHttpError, sendInternalError } from "./http-errors.ts";
import { LIMITS } from "./limits.ts";
import type { Logger } from "./logger.ts";

/** Content types this path takes; any other (a charset other than UTF-8, say) goes to Express and its answers. */
const PLAIN_JSON = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/** Whether the request is one this path serves; the rest go to Express. */
export function isPlainGraphqlPost(req: IncomingMessage): boolean {
  const contentType = req.headers["content-type"];
  return (
    req.method === "POST" &&
    req.url === "/graphql" &&
    contentType !== undefined &&
    PLAIN_JSON.test(contentType) &&
    // Compressed bodies are Express's to inflate (or refuse).
    req.headers["content-encoding"] === undefined
  );
}

const TOO_LARGE = `The request body is over the ${LIMITS.maxBodyBytes}-byte limit; send a smaller query or fewer variables (upload files through the upload route).`;
const NOT_JSON = "The request body is not valid JSON; send a JSON object with a `query` string.";

/** The body, or undefined after answering 413 (or once the client went away). */
function readBody(req: IncomingMessage, res: ServerResponse): Promise<string | undefined> {
  const declared = Number(req.headers["content-length"]);
  if (declared > LIMITS.maxBodyBytes) {
    sendHttpError(res, 413, TOO_LARGE, "PAYLOAD_TOO_LARGE");
    // Close rather than read a body nobody will use.
    res.shouldKeepAlive = false;
    req.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > LIMITS.maxBodyBytes) {
        if (!res.headersSent) sendHttpError(res, 413, TOO_LARGE, "PAYLOAD_TOO_LARGE");
        res.shouldKeepAlive = false;
        req.removeAllListeners("data");
        req.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.once("end", () => {
      if (size <= LIMITS.maxBodyBytes)
        resolve(chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8"));
    });
    // An aborted upload: there is nobody left to answer.
    req.once("error", () => resolve(undefined));
    req.once("aborted", () => resolve(undefined));
  });
}

export interface GraphqlPostOptions {
  apollo: ApolloServer<RequestContext>;
  webOrigins: string[];
  context: (req: IncomingMessage, res: ServerResponse) => Promise<RequestContext>;
  logger: Logger;
}

export function graphqlPostHandler(options: GraphqlPostOptions) {
  const { apollo, webOrigins, context, logger } = options;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      for (const [name, value] of corsHeaders(req.headers.origin, webOrigins)) res.setHeader(name, value);
      const text = await readBody(req, res);
      if (text === undefined) return;
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return sendHttpError(res, 400, NOT_JSON, "BAD_REQUEST");
      }
      // Express's JSON parser (strict) takes only objects and arrays.
      if (typeof body !== "object" || body === null) return sendHttpError(res, 400, NOT_JSON, "BAD_REQUEST");
      const headers = new HeaderMap();
      for (const name in req.headers) {
        const value = req.headers[name];
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      const answer = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: "POST", headers, search: "", body },
        context: () => context(req, res),
      });
      for (const [name, value] of answer.headers) res.setHeader(name, value);
      res.statusCode = answer.status ?? 200;
      if (answer.body.kind === "complete") {
        res.setHeader("content-length", Buffer.byteLength(answer.body.string));
        res.end(answer.body.string);
        return;
      }
      for await (const chunk of answer.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (error) {
      logger.error("Unhandled HTTP error", error);
      if (!res.headersSent) sendInternalError(res);
      else res.destroy();
    }
  };
}
