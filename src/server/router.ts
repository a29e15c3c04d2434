/**
 * Which part of the sandbox serves a request: the resource server, the interaction step (the
 * login page with `login: 'manual'`, instant approval otherwise), the registered `/callback`
 * redirect URI, and oidc-provider for everything else.
 */
import type Provider from 'oidc-provider';
import { autoApprove } from './interactions.js';
import type { RequestHandler } from './listener.js';
import { createLoginPage } from './login-page.js';
import type { ProviderInputs } from './provider-config.js';
import { resourceServerContext } from './resource-context.js';
import { handleResourceRequest, isResourcePath } from './resource-server.js';

/** The request handler of one running sandbox. */
export function createRouter(provider: Provider, inputs: ProviderInputs): RequestHandler {
  const { config, issuer, record } = inputs;
  const callback = provider.callback();
  const loginPage = config.login === 'manual' ? createLoginPage(provider, inputs) : undefined;
  const resources = resourceServerContext(provider, inputs);
  return (req, res) => {
    // The sandbox's own clock (the CLI's --clock-offset shifts it), which clients may learn from.
    res.setHeader('date', new Date(Date.now()).toUTCString());
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (isResourcePath(path)) {
      const bearer = /^bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (bearer !== undefined) record.present({ kind: 'access_token', value: bearer, path });
      void handleResourceRequest(req, res, resources);
    } else if (loginPage !== undefined && path.startsWith('/interaction/')) {
      void loginPage.handle(req, res);
    } else if (req.method === 'GET' && path.startsWith('/interaction/')) {
      autoApprove(provider, inputs, req, res);
    } else if (req.method === 'GET' && path === '/callback') {
      // The registered redirect URI: shows what the authorization response carried.
      const params = Object.fromEntries(new URL(req.url ?? '/', issuer).searchParams);
      res
        .writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-store',
        })
        .end(JSON.stringify(params));
    } else {
      callback(req, res);
    }
  };
}
