import { parse as urlParse } from 'node:url';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';

/**
 * Apollo's Express handler: what `expressMiddleware` of @as-integrations/express5 does, except that
 * a POST's answer is written straight to the socket (`res.end` with its length) instead of through
 * Express's `res.send`, which hashes every answer for an ETag and checks whether the client's copy
 * is fresh: a POST is never answered 304, so both were work for nothing on every request. A GET's
 * answer still goes through `res.send` (ETag, 304).
 */
export function apolloHandler<C extends BaseContext>(server: ApolloServer<C>, context: (req: Request, res: Response) => Promise<C>): RequestHandler {
  server.assertStarted('apolloHandler()');
  return async (req, res) => {
    if (!('body' in req)) {
      res.status(500).send('`req.body` is not set: the JSON body parser must run before the GraphQL handler.');
      return;
    }
    const headers = new HeaderMap();
    for (const key in req.headers) {
      const value = req.headers[key];
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method.toUpperCase(), headers, search: req.url.includes('?') ? (urlParse(req.url).search ?? '') : '', body: req.body },
      context: () => context(req, res),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status || 200;
    if (response.body.kind === 'complete') {
      if (req.method !== 'POST') {
        res.send(response.body.string);
        return;
      }
      res.setHeader('Content-Length', Buffer.byteLength(response.body.string));
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
