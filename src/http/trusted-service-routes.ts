import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AdminService } from '../domain/admin/service.js';

const accountId = z
  .string()
  .regex(/^\d{16}$/, 'must be a 16-digit account ID')
  .optional();

const trustedServiceBody = z.strictObject({
  servicePrincipal: z.string().min(1).max(128),
  accountId,
});

const trustedServiceQuery = z.object({
  accountId,
});

type Parse = <T extends z.ZodType>(schema: T, value: unknown) => z.output<T>;

/**
 * `/_canopy/directories/{id}/trusted-services`: turn a trusted service on or off for the management
 * account or a delegated administrator. Registered inside the admin API, so its authentication applies.
 */
export function registerTrustedServiceRoutes(
  admin: FastifyInstance,
  service: AdminService,
  parse: Parse,
  jsonBody: (request: FastifyRequest) => unknown,
): void {
  // Trusted services are turned on in each service's own console in Alibaba Cloud; these stand in for them.
  admin.post<{ Params: { directoryId: string } }>('/_canopy/directories/:directoryId/trusted-services', async (request, reply) => {
    const body = parse(trustedServiceBody, jsonBody(request));
    const e = await service.enableTrustedService({ directoryId: request.params.directoryId, ...body });
    return reply.code(201).send({ accountId: e.accountId, servicePrincipal: e.servicePrincipal, enableTime: e.enabledAt.toISOString() });
  });

  admin.delete<{ Params: { directoryId: string; servicePrincipal: string } }>(
    '/_canopy/directories/:directoryId/trusted-services/:servicePrincipal',
    async (request, reply) => {
      const query = parse(trustedServiceQuery, request.query);
      await service.disableTrustedService(Object.assign({}, request.params, { accountId: query.accountId }));
      return reply.code(204).send();
    },
  );
}
