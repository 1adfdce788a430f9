import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

/**
 * Fastify's own schema compilers (Ajv for validation, fast-json-stringify for responses), loaded the
 * first time a route with a JSON schema needs one instead of when Fastify is created. No Canopy route
 * has a JSON schema (zod checks the input), yet Fastify's defaults loaded Ajv on every start: about
 * 20 ms of each cold start (docs/development.md, "Profiling"). Resolved from Fastify's own
 * dependencies, so they are the very compilers Fastify would have used.
 */
const fromFastify = () => createRequire(createRequire(import.meta.url).resolve('fastify'));

type Factories = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type ValidatorFactory = NonNullable<Factories['buildValidator']>;
type SerializerFactory = NonNullable<Factories['buildSerializer']>;

export function lazySchemaCompilers(): Factories {
  let validator: ValidatorFactory | undefined;
  let serializer: SerializerFactory | undefined;
  return {
    buildValidator: (...args) => {
      validator ??= (fromFastify()('@fastify/ajv-compiler') as () => ValidatorFactory)();
      return validator(...args);
    },
    buildSerializer: (...args) => {
      serializer ??= (fromFastify()('@fastify/fast-json-stringify-compiler') as () => SerializerFactory)();
      return serializer(...args);
    },
  };
}
