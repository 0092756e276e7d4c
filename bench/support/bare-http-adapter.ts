/**
 * The smallest Nest HTTP adapter over node:http, so that a Nest application
 * (and therefore its WebSocket gateways, which attach to the app's HTTP
 * server) can run without @nestjs/platform-express, which is not installed.
 * It serves no HTTP routes: every plain HTTP request gets a 404. socket.io
 * traffic never reaches it (engine.io intercepts /socket.io/ requests and
 * upgrades), so it adds nothing to the measured message path.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { AbstractHttpAdapter } from '@nestjs/core';

export class BareHttpAdapter extends AbstractHttpAdapter<Server, IncomingMessage, ServerResponse> {
  constructor() {
    super({});
  }

  override listen(port: string | number, ...args: any[]): any {
    return this.httpServer.listen(port, ...args);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.httpServer?.listening) return resolve();
      this.httpServer.close(() => resolve());
      this.httpServer.closeAllConnections?.();
    });
  }

  initHttpServer(): void {
    this.httpServer = createServer((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
  }

  getType(): string {
    return 'bare-http';
  }

  // Everything below is inert: the benchmark app has no controllers.
  useStaticAssets(): any {}
  setViewEngine(): any {}
  getRequestHostname(req: IncomingMessage): any {
    return req.headers.host;
  }
  getRequestMethod(req: IncomingMessage): any {
    return req.method;
  }
  getRequestUrl(req: IncomingMessage): any {
    return req.url;
  }
  status(res: ServerResponse, code: number): any {
    res.statusCode = code;
  }
  reply(res: ServerResponse, body: any, code?: number): any {
    if (code) res.statusCode = code;
    res.end(body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body));
  }
  end(res: ServerResponse, message?: string): any {
    res.end(message);
  }
  render(): any {}
  redirect(res: ServerResponse, code: number, url: string): any {
    res.statusCode = code;
    res.setHeader('location', url);
    res.end();
  }
  setErrorHandler(): any {}
  setNotFoundHandler(): any {}
  isHeadersSent(res: ServerResponse): any {
    return res.headersSent;
  }
  getHeader(res: ServerResponse, name: string): any {
    return res.getHeader(name);
  }
  setHeader(res: ServerResponse, name: string, value: string): any {
    res.setHeader(name, value);
  }
  appendHeader(res: ServerResponse, name: string, value: string): any {
    res.appendHeader(name, value);
  }
  registerParserMiddleware(): any {}
  enableCors(): any {}
  createMiddlewareFactory(): (path: string, callback: Function) => any {
    return () => {
      throw new Error('BareHttpAdapter: HTTP middleware is not supported');
    };
  }
  applyVersionFilter(handler: Function): any {
    return handler;
  }
}
