import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Express, Request, RequestHandler, Response } from 'express';

/** An error met on the direct path, handed to Express's router with the request. */
const PENDING_ERROR = Symbol('error of a direct POST /graphql');
type WithPendingError = Request & { [PENDING_ERROR]?: unknown };

/**
 * The hub's HTTP server's handler: a POST to /graphql (every query and write) runs `handlers`, the
 * same functions, in the same order, that Express's router would run for it (the app's middleware
 * that applies to every path, then the route's), on Express's own request and response, as
 * `app.handle` sets them up, without matching the path against each of the router's layers
 * (a profile put the router at about 4% of a small report's processor time). Any other request
 * goes to Express as it comes. An error a handler passes on, throws or rejects with goes into
 * Express's router with the request: the app's first layer (installed here, so call this before
 * any other `app.use`) passes it on at once, so the app's error handlers and Express's final
 * handler answer it as they would have.
 *
 * `handlers` must be everything Express would run for a POST to /graphql, in order: a handler
 * added to the app for every path must be added here too.
 */
export function postGraphqlFirst(app: Express, handlers: readonly RequestHandler[]): (req: IncomingMessage, res: ServerResponse) => void {
  app.use((req, _res, next) => {
    const pending = req as WithPendingError;
    if (!(PENDING_ERROR in pending)) return next();
    const error = pending[PENDING_ERROR];
    delete pending[PENDING_ERROR];
    next(error);
  });
  return (req, res) => {
    if (req.method !== 'POST' || req.url !== '/graphql') app(req, res);
    else new Dispatch(app, handlers, req as Request, res as Response).next();
  };
}

/** One POST's way through the handlers. (A class, so that no function is named for each request.) */
class Dispatch {
  private at = 0;
  /** The `next` each handler is given. */
  readonly next: (error?: unknown) => void;

  constructor(
    private readonly app: Express,
    private readonly handlers: readonly RequestHandler[],
    private readonly req: Request,
    private readonly res: Response,
  ) {
    // What app.handle and the router set up (x-powered-by is off).
    req.res = res;
    res.req = req;
    Object.setPrototypeOf(req, app.request);
    Object.setPrototypeOf(res, app.response);
    if (!res.locals) res.locals = Object.create(null) as Response['locals'];
    req.baseUrl = '';
    req.originalUrl = req.url;
    req.params = {};
    this.next = (error) => this.step(error);
    req.next = this.next;
  }

  private step(error: unknown): void {
    if (error) return this.failed(error);
    const handler = this.handlers[this.at++];
    if (!handler) return this.failed(new Error('POST /graphql was not answered.'));
    try {
      const returned = handler(this.req, this.res, this.next) as unknown;
      if (returned instanceof Promise) returned.then(undefined, (rejected: unknown) => this.next(rejected || new Error('Rejected promise')));
    } catch (thrown) {
      this.next(thrown);
    }
  }

  private failed(error: unknown): void {
    (this.req as WithPendingError)[PENDING_ERROR] = error;
    this.app(this.req, this.res);
  }
}

/**
 * The HTTP server's request and response classes, whose objects have Express's request and response
 * as their prototypes from the start, for `http.createServer`. Express otherwise gives each request
 * and response its prototype when it dispatches them (`Object.setPrototypeOf`), after which V8 gives
 * every property then added (the router's, the body's, the handlers') a shape of that object's own:
 * no two requests share one, so every property read on them after that is a slow, unshared look-up.
 * Made with the prototype they will have, they share their shapes; Express's `setPrototypeOf` to
 * the same prototype changes nothing. The objects are the same in every other way: the same
 * constructors run, with the same arguments.
 */
export function expressMessages(app: Express): { IncomingMessage: typeof http.IncomingMessage; ServerResponse: typeof http.ServerResponse } {
  const request = http.IncomingMessage as unknown as (this: object, socket: Socket) => void;
  const response = http.ServerResponse as unknown as (this: object, req: IncomingMessage, options?: object) => void;
  function HubRequest(this: object, socket: Socket) {
    request.call(this, socket);
  }
  HubRequest.prototype = app.request;
  function HubResponse(this: object, req: IncomingMessage, options?: object) {
    response.call(this, req, options);
  }
  HubResponse.prototype = app.response;
  return { IncomingMessage: HubRequest as unknown as typeof http.IncomingMessage, ServerResponse: HubResponse as unknown as typeof http.ServerResponse };
}
