import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { ACCESS_RULE, type AccessRule } from '@lgsp/security';

export interface Route {
  method: string;
  /** With its controller's prefix, params as `:name`. */
  path: string;
  rule: AccessRule | undefined;
}

const join = (...parts: string[]): string =>
  `/${parts
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter((part) => part !== '')
    .join('/')}`;

const pathsOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : [typeof value === 'string' ? value : ''];

/** Every HTTP route of an app's controllers, as Nest registered them, with the access rule each declares. */
export function routesOf(app: INestApplication): Route[] {
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const routes: Route[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as (...args: unknown[]) => unknown;
        const path: unknown = Reflect.getMetadata(PATH_METADATA, handler);
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const rule = reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [handler, controller]);
        for (const prefix of pathsOf(Reflect.getMetadata(PATH_METADATA, controller))) {
          for (const route of pathsOf(path)) routes.push({ method, path: join(prefix, route), rule });
        }
      }
    }
  }
  return routes;
}

/** A concrete URL for a route: every `:param` replaced by a plausible value. */
export function concretePath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => (name === 'code' ? 'H56.22-ROUTE-000001' : '1'));
}
